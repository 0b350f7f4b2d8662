package web

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"nianbao"
)

// Limits bounds what one client can ask of the server. Every limit is a
// setting with a default sized for a supervising office's instance on a
// small machine; the zero value of a field takes its default.
type Limits struct {
	// ReadHeaderTimeout and ReadTimeout bound how long a client may take to
	// send a request's header and its whole body (an upload of MaxFileBytes
	// on a slow line included); IdleTimeout closes idle keep-alive
	// connections; WriteTimeout bounds writing an answer (exports of every
	// stored report included).
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// MaxHeaderBytes caps a request's header, URL included.
	MaxHeaderBytes int
	// MaxFileBytes caps one uploaded file; MaxFiles the files of one upload
	// request.
	MaxFileBytes int64
	MaxFiles     int
	// MaxReadings is how many uploaded files are read at once; up to
	// MaxQueued more wait for their turn (negative: none wait), and beyond
	// that an upload is refused with 503 until the queue shortens.
	MaxReadings, MaxQueued int
}

// DefaultLimits are the limits a zero Limits takes.
var DefaultLimits = Limits{
	ReadHeaderTimeout: 10 * time.Second,
	ReadTimeout:       5 * time.Minute,
	WriteTimeout:      5 * time.Minute,
	IdleTimeout:       60 * time.Second,
	MaxHeaderBytes:    64 << 10,
	MaxFileBytes:      50 << 20,
	MaxFiles:          100,
	MaxReadings:       2,
	MaxQueued:         64,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	set := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&l.ReadHeaderTimeout, d.ReadHeaderTimeout)
	set(&l.ReadTimeout, d.ReadTimeout)
	set(&l.WriteTimeout, d.WriteTimeout)
	set(&l.IdleTimeout, d.IdleTimeout)
	seti := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	seti(&l.MaxHeaderBytes, d.MaxHeaderBytes)
	seti(&l.MaxFiles, d.MaxFiles)
	seti(&l.MaxReadings, d.MaxReadings)
	switch {
	case l.MaxQueued == 0:
		l.MaxQueued = d.MaxQueued
	case l.MaxQueued < 0:
		l.MaxQueued = 0
	}
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	return l
}

// HTTPServer returns an http.Server for the application with the limits'
// timeouts and header cap, so that slow or idle connections cannot pile up.
func (s *Server) HTTPServer() *http.Server {
	l := s.opt.Limits
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
	}
}

// readings admits uploaded files to reading: at most MaxReadings at once,
// MaxQueued waiting.
type readings struct {
	run   chan struct{}
	queue chan struct{}
}

func newReadings(l Limits) *readings {
	return &readings{run: make(chan struct{}, l.MaxReadings), queue: make(chan struct{}, l.MaxReadings+l.MaxQueued)}
}

var errBusy = nianbao.Errorf(nianbao.EUNAVAILABLE, "服务器正忙：同时上传的文件过多，请稍后再试")

// acquire waits for a reading's turn; it fails at once when the queue is
// full, and when ctx ends (the client went away) while waiting.
func (q *readings) acquire(ctx context.Context) (release func(), err error) {
	select {
	case q.queue <- struct{}{}:
	default:
		return nil, errBusy
	}
	select {
	case q.run <- struct{}{}:
		return func() { <-q.run; <-q.queue }, nil
	case <-ctx.Done():
		<-q.queue
		return nil, ctx.Err()
	}
}

// hostCheck refuses requests whose Host header is not one the server
// answers to. A page on another site can make a browser send requests to
// 127.0.0.1 under a name the attacker controls (DNS rebinding); the
// browser then treats the answers as that site's. Checking Host closes it.
type hostCheck struct {
	allowed  map[string]bool // host names and IP literals, lower case, without port
	anyIP    bool            // listening on every address: any IP literal is allowed
	disabled bool
}

// newHostCheck allows the listening address's host, the loopback names
// when it is a loopback address, and the extra hosts.
func newHostCheck(addr string, extra []string) *hostCheck {
	h := &hostCheck{allowed: map[string]bool{}}
	if addr == "" {
		h.disabled = true
		return h
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	host = strings.Trim(strings.ToLower(host), "[]")
	ip := net.ParseIP(host)
	switch {
	case host == "" || (ip != nil && ip.IsUnspecified()):
		h.anyIP = true
		h.allowed["localhost"] = true
	case Loopback(host):
		for _, n := range []string{"localhost", "127.0.0.1", "::1"} {
			h.allowed[n] = true
		}
	}
	h.allowed[host] = true
	for _, e := range extra {
		if e = strings.Trim(strings.ToLower(strings.TrimSpace(e)), "[]"); e != "" {
			h.allowed[e] = true
		}
	}
	return h
}

func (h *hostCheck) ok(hostport string) bool {
	if h.disabled {
		return true
	}
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = strings.TrimSuffix(strings.Trim(strings.ToLower(host), "[]"), ".")
	if h.allowed[host] {
		return true
	}
	if ip := net.ParseIP(host); ip != nil && h.anyIP {
		return true
	}
	return false
}
