package provider_test

import (
	"bytes"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// TestAccInterrupt_stopsALongDrainPromptly builds the provider, starts a plan
// that would page for minutes, interrupts terraform as Ctrl-C does, and
// expects it to stop within about a second: terraform asks the provider to
// stop, which cancels the read between pages and during waits.
func TestAccInterrupt_stopsALongDrainPromptly(t *testing.T) {
	// 3000 pages of one row, each held back 50 ms:
	// minutes of work unless the interrupt is honoured.
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 1, Conversations: 3000}})
	sb.AddFault(sandbox.Fault{Path: listPath, Delay: 50 * time.Millisecond, Times: sandbox.Forever})
	w := newWorkspace(t, sb.ProviderBlock("page_size = 1")+`data "kirimchat_conversations" "all" {}
`)

	cmd := exec.Command(w.tf, "plan", "-input=false", "-no-color")
	cmd.Dir, cmd.Env = w.dir, w.env
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	// Interrupt once the drain is well under way.
	for deadline := time.Now().Add(60 * time.Second); len(sb.ListRequests(listPath)) < 20; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("the drain never started:\n%s", output.String())
		}
	}
	interrupted := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		took := time.Since(interrupted)
		t.Logf("stopped %s after SIGINT, %d pages into the drain", took.Round(time.Millisecond), len(sb.ListRequests(listPath)))
		if err == nil {
			t.Errorf("an interrupted plan must not succeed:\n%s", output.String())
		}
		if took > 3*time.Second {
			t.Errorf("took %s to stop; want about a second", took)
		}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("terraform was still running 30 s after SIGINT:\n%s", output.String())
	}
	if !strings.Contains(output.String(), "Interrupt received") {
		t.Errorf("terraform did not report the interrupt:\n%s", output.String())
	}
	pagesAtStop := len(sb.ListRequests(listPath))
	time.Sleep(300 * time.Millisecond)
	if n := len(sb.ListRequests(listPath)); n > pagesAtStop {
		t.Errorf("the provider kept paging after terraform stopped: %d → %d requests", pagesAtStop, n)
	}
}
