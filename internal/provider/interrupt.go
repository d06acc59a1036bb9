package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Ctrl-C reaches every process of the terminal's foreground process group:
// terraform and its plugins alike. Terraform answers it by asking each
// provider to stop (StopProvider), which the framework turns into cancelled
// reads; but not everywhere: the plan that `terraform apply` (and `tofu
// apply`) makes before applying is run without that path, so a data source
// read there would page on to its end (seen on Terraform 1.5.7 and 1.11.4,
// and OpenTofu 1.12.6).
// The provider therefore heeds the signal itself: once it receives SIGINT or
// SIGTERM, every read in flight is cancelled (the request in flight is
// abandoned, no other is sent) and every read that starts later fails at
// once. go-plugin, which serves the process, ignores SIGINT, and so does the
// provider beyond this: terraform decides when it exits, and ends the
// plugin then.

// InterruptedError is the cause of a read cancelled by a signal.
type InterruptedError struct {
	Signal os.Signal
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("the provider received %s and stopped the read", signalName(e.Signal))
}

func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT (Ctrl-C)"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// sigtermGrace is how long the process lives on after SIGTERM, which by
// default ends a Go process at once: long enough for the cancelled reads'
// diagnostics to reach terraform, after which the process ends as SIGTERM
// asks, even if nothing ends it.
const sigtermGrace = 5 * time.Second

// StopOnSignals is a ServerOption for the provider's own process (main): on
// SIGINT or SIGTERM, every read in flight is cancelled, and later reads
// fail at once. Not for tests that serve the provider inside their own
// process, whose signals are theirs.
func StopOnSignals() ServerOption {
	return func(s *serverOptions) {
		ctx, cancel := context.WithCancelCause(context.Background())
		signals := make(chan os.Signal, 1)
		signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
		go func() {
			for sig := range signals {
				cancel(&InterruptedError{Signal: sig})
				if sig == syscall.SIGTERM {
					time.AfterFunc(sigtermGrace, func() { os.Exit(128 + int(syscall.SIGTERM)) })
				}
			}
		}()
		s.interrupted = ctx
	}
}

// StopWhen is a ServerOption that cancels every read in flight, and fails
// every later one, once ctx is done, with ctx's cause.
func StopWhen(ctx context.Context) ServerOption {
	return func(s *serverOptions) { s.interrupted = ctx }
}

// withInterrupt is ctx, cancelled too when the server is interrupted.
func (s serverOptions) withInterrupt(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.interrupted == nil {
		return ctx, func() {}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(s.interrupted, func() { cancel(context.Cause(s.interrupted)) })
	return ctx, func() { stop(); cancel(nil) }
}

// interruption is the signal that cancelled ctx, or nil: a read's error
// is then that, not the client's "context canceled".
func interruption(ctx context.Context) *InterruptedError {
	var interrupted *InterruptedError
	if errors.As(context.Cause(ctx), &interrupted) {
		return interrupted
	}
	return nil
}
