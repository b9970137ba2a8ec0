// A small HTTP service, as a benchmark workload: a router, structured logs, metrics, a Redis and a
// Postgres client and a CLI, the kind of module set the seeds' Go services pull in.
package main

import (
	"context"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"
	"go.uber.org/zap"
)

var requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "requests_total", Help: "Requests served."}, []string{"path"})

func serve(addr string) error {
	log, err := zap.NewProduction()
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()
	prometheus.MustRegister(requests)
	cache := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	router := gin.New()
	router.GET("/metrics", gin.WrapH(promhttp.Handler()))
	router.GET("/healthz", func(c *gin.Context) {
		requests.WithLabelValues("/healthz").Inc()
		c.JSON(http.StatusOK, gin.H{"id": uuid.NewString(), "change": change})
	})
	router.GET("/ready", func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c, time.Second)
		defer cancel()
		pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
		if err == nil {
			defer pool.Close()
			err = pool.Ping(ctx)
		}
		if err == nil {
			err = cache.Ping(ctx).Err()
		}
		if err != nil {
			c.Status(http.StatusServiceUnavailable)
			return
		}
		c.Status(http.StatusOK)
	})
	log.Info("listening", zap.String("addr", addr))
	return router.Run(addr)
}

func main() {
	addr := ":8080"
	root := &cobra.Command{Use: "app", RunE: func(*cobra.Command, []string) error { return serve(addr) }}
	root.Flags().StringVar(&addr, "addr", addr, "address to listen on")
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
