// A small HTTP service, as a benchmark workload: the dependencies a typical Node service has.
import "dotenv/config";
import axios from "axios";
import dayjs from "dayjs";
import express from "express";
import { Redis } from "ioredis";
import jwt from "jsonwebtoken";
import _ from "lodash";
import pg from "pg";
import { pino } from "pino";
import { v4 as uuid } from "uuid";
import { z } from "zod";
import { change } from "./change.js";

const log = pino();
const Order = z.object({ sku: z.string().min(1), quantity: z.number().int().positive() });
const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"] });
const redis = new Redis(process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379", { lazyConnect: true });
const app = express();
app.use(express.json());

app.get("/healthz", (_req, res) => {
  res.json({ id: uuid(), at: dayjs().toISOString(), change });
});

app.post("/orders", async (req, res) => {
  const parsed = Order.safeParse(req.body);
  if (!parsed.success) {
    res.status(400).json(parsed.error.flatten());
    return;
  }
  const token = jwt.sign(_.pick(parsed.data, ["sku"]), process.env["JWT_SECRET"] ?? "dev");
  await redis.set(`order:${token}`, JSON.stringify(parsed.data));
  await pool.query("insert into orders(sku, quantity) values ($1, $2)", [parsed.data.sku, parsed.data.quantity]);
  const stock = await axios.get(`${process.env["STOCK_URL"] ?? "http://stock"}/items/${parsed.data.sku}`);
  res.status(201).json({ token, stock: stock.data });
});

app.listen(Number(process.env["PORT"] ?? 8080), () => log.info("listening"));
