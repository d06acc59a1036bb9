// Command kirimchat-sandbox serves the fake Kirim.chat API on loopback, for
// trying the provider without an account.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (port 0 picks a free one)")
	apiKey := flag.String("api-key", sandbox.DefaultAPIKey, "API key the sandbox accepts")
	seed := flag.Uint64("seed", 1, "seed of the generated organisation")
	count := flag.Int("conversations", 250, "number of conversations to generate")
	flag.Parse()

	srv := sandbox.New(sandbox.Options{
		APIKeys:   []string{*apiKey},
		Generated: sandbox.GenerateOptions{Seed: *seed, Conversations: *count},
	})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Kirim.chat sandbox serving %d conversations at http://%s/v1\n", *count, ln.Addr())

	httpServer := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = httpServer.Shutdown(shutdown)
	}()
	if err := httpServer.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
