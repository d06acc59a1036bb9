package provider_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// TestAccInterrupt_stopsALongDrainPromptly starts a read that would page
// for minutes, interrupts terraform as Ctrl-C does, and expects it to stop
// within about a second, and the provider to send no request after it: the
// CLI asks the provider to stop (StopProvider), which cancels the read
// between pages and during waits. It does so for a read during plan, and for
// one during apply (a data source that depends on a resource with changes is
// read while applying); the TRACE log shows whether StopProvider reached the
// provider.
func TestAccInterrupt_stopsALongDrainPromptly(t *testing.T) {
	for _, phase := range []struct {
		name, config string
		args         []string
	}{
		{name: "plan", config: `data "kirimchat_conversations" "all" {}`, args: []string{"plan", "-input=false", "-no-color"}},
		{name: "apply", config: `resource "terraform_data" "change" {
  input = timestamp()
}
data "kirimchat_conversations" "all" {
  depends_on = [terraform_data.change]
}`, args: []string{"apply", "-auto-approve", "-input=false", "-no-color"}},
	} {
		t.Run(phase.name, func(t *testing.T) {
			interruptDuring(t, phase.config, phase.args)
		})
	}
}

func interruptDuring(t *testing.T, config string, args []string) {
	// 3000 pages of one row, each held back 50 ms:
	// minutes of work unless the interrupt is honoured.
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 1, Conversations: 3000}})
	sb.AddFault(sandbox.Fault{Path: listPath, Delay: 50 * time.Millisecond, Times: sandbox.Forever})
	traceLog := filepath.Join(t.TempDir(), "trace.log")
	w := newWorkspace(t, sb.ProviderBlock("page_size = 1")+config+"\n", "TF_LOG=trace", "TF_LOG_PATH="+traceLog)

	cmd := exec.Command(w.tf, args...)
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
	// terraform-plugin-go logs this when StopProvider arrives, on terraform
	// and OpenTofu alike; the provider's reads end with the contexts it closes.
	trace, _ := os.ReadFile(traceLog)
	if !regexp.MustCompile(`provider\.terraform-provider-kirimchat: Closing all our contexts`).Match(trace) {
		t.Errorf("StopProvider never reached the provider (TRACE log %d bytes)", len(trace))
	}
	if strings.Contains(args[0], "apply") && !regexp.MustCompile(`(?s)terraform_data.change: Creation complete.*data.kirimchat_conversations.all: Reading`).MatchString(output.String()) {
		t.Errorf("the list was not read while applying:\n%s", output.String())
	}
}
