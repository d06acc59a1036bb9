package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/statewire"
)

// Benchmarks of the hot path, measured against a plain Go loop that drains
// the same sandbox pages into structs (the floor the provider is held to):
//
//	go test -run '^$' -bench . -benchmem ./internal/provider/
//
// Each reports ns/conversation; `make bench` adds the end-to-end comparison
// with terraform.

var benchSizes = []int{1_000, 10_000, 100_000}

var (
	benchDataMu sync.Mutex
	benchData   = map[int][]sandbox.Conversation{}
)

// benchSandbox serves n generated conversations for one benchmark; the data
// is generated once per size and process.
func benchSandbox(b *testing.B, n int) string {
	b.Helper()
	benchDataMu.Lock()
	convs, ok := benchData[n]
	if !ok {
		convs = sandbox.Generate(sandbox.GenerateOptions{Seed: uint64(n), Conversations: n})
		benchData[n] = convs
	}
	benchDataMu.Unlock()
	srv := httptest.NewServer(sandbox.New(sandbox.Options{Conversations: convs, ReadsPerMinute: 1 << 30}))
	b.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

func perConversation(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/conversation")
}

func BenchmarkDrainPlainLoop(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			base := benchSandbox(b, n)
			for b.Loop() {
				got, _, err := acctest.PlainDrain(context.Background(), base, sandbox.DefaultAPIKey)
				if err != nil || len(got) != n {
					b.Fatalf("%d conversations, %v", len(got), err)
				}
			}
			perConversation(b, n)
		})
	}
}

func benchClient(b *testing.B, base string) *kirimchat.Client {
	c, err := kirimchat.New(kirimchat.Config{APIKey: sandbox.DefaultAPIKey, BaseURL: base})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkDrainClient(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			c := benchClient(b, benchSandbox(b, n))
			for b.Loop() {
				got, err := c.ListConversations(context.Background(), kirimchat.ListConversationsOptions{})
				if err != nil || len(got.Items) != n {
					b.Fatalf("%d conversations, %v", len(got.Items), err)
				}
			}
			perConversation(b, n)
		})
	}
}

// BenchmarkEncode is the conversion of drained conversations into the
// state's wire form.
func BenchmarkEncode(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			result, err := benchClient(b, benchSandbox(b, n)).ListConversations(context.Background(), kirimchat.ListConversationsOptions{})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				w := statewire.NewStateWriter(schemaType(conversationsSchema()), "conversations")
				for i := range result.Items {
					conversationRecord.encode(w.Element(result.Items[i].ID), &result.Items[i])
				}
				if w.Err() != nil {
					b.Fatal(w.Err())
				}
			}
			perConversation(b, n)
		})
	}
}

// BenchmarkRead is the whole data source Read: drain, conversion and the
// state, streamed (as NewServer serves it) or built by the framework from
// typed models (State.Set), which is here to show what the stream saves.
func BenchmarkRead(b *testing.B) {
	for _, n := range benchSizes {
		for _, path := range []string{"streamed", "framework"} {
			if path == "framework" && n > 10_000 {
				continue // seconds per read: the point is made at 10,000
			}
			b.Run(fmt.Sprintf("%s/N=%d", path, n), func(b *testing.B) {
				t := &testing.T{}
				base := benchSandbox(b, n)
				data, diags := configure(context.Background(), t, map[string]tftypes.Value{"api_key": str(sandbox.DefaultAPIKey), "base_url": str(base)})
				if diags.HasError() {
					b.Fatal(diags)
				}
				for b.Loop() {
					ctx, streamed := context.Background(), (*statewire.Slot)(nil)
					if path == "streamed" {
						ctx, streamed = statewire.WithSlot(ctx)
					}
					resp := readConversations(ctx, t, data, nil)
					if resp.Diagnostics.HasError() || (path == "streamed") != (streamed != nil && streamed.Bytes() != nil) {
						b.Fatal(resp.Diagnostics)
					}
				}
				perConversation(b, n)
			})
		}
	}
}
