"""A small worker service, as a benchmark workload: the dependencies a typical Python service has."""
import datetime

import boto3
import celery
import jwt
import numpy
import pandas
import pydantic
import redis
import requests
import sqlalchemy

from app.change import CHANGE


class Order(pydantic.BaseModel):
    sku: str
    quantity: int


worker = celery.Celery("orders", broker="redis://localhost:6379/0")
engine = sqlalchemy.create_engine("sqlite://")


@worker.task
def summarise(orders: list[dict]) -> dict:
    frame = pandas.DataFrame([Order(**o).model_dump() for o in orders])
    total = int(numpy.sum(frame["quantity"])) if len(frame) else 0
    token = jwt.encode({"total": total, "at": datetime.datetime.now().isoformat()}, "dev")
    return {"total": total, "token": token, "change": CHANGE}


def clients() -> tuple:
    return boto3.session.Session(), redis.Redis(), requests.Session()
