package main

import (
	"encoding/json"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"
)

// store keeps the catalogue in memory; the service is an example, not a database.
type store struct {
	mu    sync.RWMutex
	items map[string]item
	cache interface {
		Get(string) (item, bool)
		Add(string, item) bool
	}
}

func (s *store) list() []item {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]item, 0, len(s.items))
	for _, it := range s.items {
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (s *store) put(it item) item {
	s.mu.Lock()
	defer s.mu.Unlock()
	if it.ID == "" {
		it.ID = uuid.NewString()
	}
	s.items[it.ID] = it
	s.cache.Add(it.ID, it)
	return it
}

func (s *store) get(id string) (item, bool) {
	if it, ok := s.cache.Get(id); ok {
		return it, true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	it, ok := s.items[id]
	if ok {
		s.cache.Add(id, it)
	}
	return it, ok
}

func serve(cfg config) error {
	level, err := zap.ParseAtomicLevel(cfg.LogLevel)
	if err != nil {
		return err
	}
	logCfg := zap.NewProductionConfig()
	logCfg.Level = level
	logger, err := logCfg.Build()
	if err != nil {
		return err
	}
	defer func() { _ = logger.Sync() }()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	requests := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "catalog_http_request_duration_seconds", Help: "HTTP request latency by route and status.",
	}, []string{"route", "status"})
	reg.MustRegister(requests)

	st := &store{items: map[string]item{}, cache: newLookupCache()}
	for _, it := range cfg.Items {
		st.put(it)
	}

	r := chi.NewRouter()
	r.Use(middleware.RequestID, middleware.Recoverer, rateLimit(50, 100), requireToken)
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			ww := middleware.NewWrapResponseWriter(w, req.ProtoMajor)
			start := time.Now()
			next.ServeHTTP(ww, req)
			route := chi.RouteContext(req.Context()).RoutePattern()
			requests.WithLabelValues(route, http.StatusText(ww.Status())).Observe(time.Since(start).Seconds())
			logger.Debug("request", zap.String("route", route), zap.Int("status", ww.Status()),
				zap.String("request_id", middleware.GetReqID(req.Context())))
		})
	})
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	r.Get("/version", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(versionString() + ", started " + uptime() + "\n"))
	})
	r.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	r.Route("/items", func(r chi.Router) {
		r.Get("/", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, st.list()) })
		r.Post("/", func(w http.ResponseWriter, req *http.Request) {
			var it item
			if err := json.NewDecoder(req.Body).Decode(&it); err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
				return
			}
			if err := validate.Struct(it); err != nil {
				writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": err.Error()})
				return
			}
			writeJSON(w, http.StatusCreated, st.put(it))
		})
		r.Get("/{id}", func(w http.ResponseWriter, req *http.Request) {
			it, ok := st.get(chi.URLParam(req, "id"))
			if !ok {
				writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
				return
			}
			writeJSON(w, http.StatusOK, it)
		})
	})

	logger.Info("catalog listening", zap.String("port", cfg.Port), zap.String("version", versionString()))
	srv := &http.Server{Addr: ":" + cfg.Port, Handler: r, ReadHeaderTimeout: 10 * time.Second}
	return runUntilSignal(srv)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
