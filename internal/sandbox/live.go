package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// hangUp drops the connection: at once when body is nil, else after sending
// half of a 200 whose Content-Length promises all of it.
func (s *Server) hangUp(w http.ResponseWriter, r *http.Request, path string, body any) {
	s.record(r, path, 0, w.Header().Get("X-Request-Id"))
	if body != nil {
		payload, _ := json.Marshal(body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(payload[:len(payload)/2])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		return // an in-memory recorder: nothing to drop
	}
	if conn, _, err := hijacker.Hijack(); err == nil {
		_ = conn.Close()
	}
}

// writeMalformed answers 200 with a complete HTTP body that is not valid JSON.
func (s *Server) writeMalformed(w http.ResponseWriter, r *http.Request, path string, body any) {
	payload, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(payload[:len(payload)*2/3])
	s.record(r, path, http.StatusOK, w.Header().Get("X-Request-Id"))
}

// insertAtHead adds n conversations that are newer than every other one.
func (s *Server) insertAtHead(n int) {
	s.mu.Lock()
	s.inserted++
	seed := uint64(1_000_000 + s.inserted)
	s.mu.Unlock()
	fresh := Generate(GenerateOptions{Seed: seed, Conversations: n})
	at := s.now().UTC().Add(24 * time.Hour)
	for i := range fresh {
		stamp := at.Add(time.Duration(n-i) * time.Second).Format(time.RFC3339)
		fresh[i].Status = "open"
		fresh[i].LastMessageAt = &stamp
		fresh[i].UpdatedAt = stamp
	}
	s.Insert(fresh...)
}
