package provider_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// TestAccManyPlansShareOneBucket runs several terraform processes at once,
// each with a provider process of its own, against one organization's
// bucket that their reads overrun: 6 plans of 120 pages each through a
// bucket of 600 a minute (10 a second), 720 reads for a burst of 600. The
// processes cannot talk to each other; each must learn its share from the
// API's headers and take its turns, and every plan must read every
// conversation exactly. The bucket alone needs (720 − 600) / 10 = 12 s.
func TestAccManyPlansShareOneBucket(t *testing.T) {
	const plans, conversations, perMinute = 6, 120, 600
	sb := acctest.StartSandbox(t, sandbox.Options{ReadsPerMinute: perMinute,
		Generated: sandbox.GenerateOptions{Seed: 6, Conversations: conversations}})
	all := sb.Conversations()
	ids := make([]string, len(all))
	for i, c := range all {
		ids[i] = c.ID
	}
	sum := sha256.Sum256([]byte(strings.Join(ids, ",")))
	want := hex.EncodeToString(sum[:])

	workspaces := make([]*workspace, plans)
	for i := range workspaces {
		workspaces[i] = newWorkspace(t, sb.ProviderBlock("page_size = 1")+`
data "kirimchat_conversations" "all" {}
output "digest" { value = sha256(join(",", data.kirimchat_conversations.all.ids)) }
`)
	}
	began := time.Now()
	var wg sync.WaitGroup
	outputs := make([]string, plans)
	exits := make([]int, plans)
	for i, w := range workspaces {
		wg.Go(func() { exits[i], outputs[i] = w.run("plan", "-input=false", "-no-color") })
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Minute):
		t.Fatal("the plans were still running after 3 minutes")
	}
	took := time.Since(began)

	requests, limited := len(sb.ListRequests(listPath)), sb.CountStatus(listPath, 429)
	pages := plans * conversations
	floor := time.Duration(float64(pages-perMinute) / (perMinute / 60.0) * float64(time.Second))
	t.Logf("%d plans, %d pages: %d requests (%d answered 429) in %s; the bucket's floor is %s",
		plans, pages, requests, limited, took.Round(100*time.Millisecond), floor)
	for i := range plans {
		if exits[i] != 0 {
			t.Errorf("plan %d failed:\n%s", i, outputs[i])
		} else if !strings.Contains(outputs[i], fmt.Sprintf("digest = %q", want)) {
			t.Errorf("plan %d did not read every conversation exactly:\n%s", i, outputs[i])
		}
	}
	if float64(requests) > 1.25*float64(pages) {
		t.Errorf("%d requests for %d pages: the plans kept colliding on the bucket", requests, pages)
	}
}
