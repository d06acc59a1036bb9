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
// for minutes, interrupts terraform, and expects it gone within 5 s of the
// signal and no request more than 1 s after it. The signal goes as users
// send it: to terraform alone (kill, a CI runner), or to the whole process
// group, plugins included, as Ctrl-C in a terminal does. The read is made
// during plan, during apply's own plan (where terraform never asks the
// provider to stop: only the signal reaches it), with and without a state
// already there, and while applying (a data source that depends on a
// resource with changes).
func TestAccInterrupt_stopsALongDrainPromptly(t *testing.T) {
	const (
		list      = `data "kirimchat_conversations" "all" {}`
		applyArgs = "apply -auto-approve -input=false -no-color"
		planArgs  = "plan -input=false -no-color"
	)
	readWhileApplying := `resource "terraform_data" "change" {
  input = timestamp()
}
data "kirimchat_conversations" "all" {
  depends_on = [terraform_data.change]
}`
	for _, tc := range []struct {
		name, config, args string
		signal             syscall.Signal
		toGroup            bool
		// stateFirst applies a configuration without the list first, so
		// that the interrupted run has a state to keep.
		stateFirst bool
		// want is what the output must say of the provider's stop: the
		// StopProvider path says the read was cancelled; the signal path
		// names the signal.
		want string
		// stopProvider: terraform's StopProvider must have reached the
		// provider (the TRACE log shows it).
		stopProvider bool
	}{
		{name: "plan, SIGINT to terraform", config: list, args: planArgs, signal: syscall.SIGINT, want: "The read was cancelled", stopProvider: true},
		{name: "plan, Ctrl-C to the process group", config: list, args: planArgs, signal: syscall.SIGINT, toGroup: true, want: "Unable to list Kirim.chat conversations"},
		{name: "apply's plan, Ctrl-C to the process group", config: list, args: applyArgs, signal: syscall.SIGINT, toGroup: true,
			want: `the provider received SIGINT \(Ctrl-C\) and stopped the read`},
		{name: "apply's plan with a state, Ctrl-C to the process group", config: list, args: applyArgs, signal: syscall.SIGINT, toGroup: true,
			stateFirst: true, want: `the provider received SIGINT \(Ctrl-C\) and stopped the read`},
		{name: "apply's plan, SIGTERM to the process group", config: list, args: applyArgs, signal: syscall.SIGTERM, toGroup: true,
			want: `the provider received SIGTERM and stopped the read`},
		{name: "applying, SIGINT to terraform", config: readWhileApplying, args: applyArgs, signal: syscall.SIGINT,
			want: "The read was cancelled", stopProvider: true},
		{name: "applying, Ctrl-C to the process group", config: readWhileApplying, args: applyArgs, signal: syscall.SIGINT, toGroup: true,
			want: "Unable to list Kirim.chat conversations"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 1, Conversations: 3000}})
			traceLog := filepath.Join(t.TempDir(), "trace.log")
			w := newWorkspace(t, sb.ProviderBlock("page_size = 1")+"resource \"terraform_data\" \"kept\" {}\n", "TF_LOG=trace", "TF_LOG_PATH="+traceLog)
			if tc.stateFirst {
				if exit, out := w.apply(); exit != 0 {
					t.Fatalf("the first apply failed:\n%s", out)
				}
			}
			writeFile(t, filepath.Join(w.dir, "main.tf"), "terraform {\n  required_providers {\n    kirimchat = { source = \"kirimchat/kirimchat\" }\n  }\n}\n"+
				sb.ProviderBlock("page_size = 1")+"resource \"terraform_data\" \"kept\" {}\n"+tc.config+"\n")
			// 3000 pages of one row, each held back 50 ms: minutes of work
			// unless the interrupt is honoured.
			sb.AddFault(sandbox.Fault{Path: listPath, Delay: 50 * time.Millisecond, Times: sandbox.Forever})
			interrupt(t, w, sb, strings.Fields(tc.args), tc.signal, tc.toGroup, tc.want)

			trace, _ := os.ReadFile(traceLog)
			stopped := regexp.MustCompile(`provider\.terraform-provider-kirimchat: Closing all our contexts`).Match(trace)
			if tc.stopProvider && !stopped {
				t.Errorf("StopProvider never reached the provider (TRACE log %d bytes)", len(trace))
			}
			if tc.args == applyArgs && tc.config == readWhileApplying {
				if !regexp.MustCompile(`(?s)terraform_data.change: Creation complete.*data.kirimchat_conversations.all: Reading`).MatchString(string(trace) + w.lastOutput) {
					t.Errorf("the list was not read while applying:\n%s", w.lastOutput)
				}
			}
			if tc.stateFirst && !strings.Contains(w.state(), `"terraform_data"`) {
				t.Error("the interrupted apply lost the state it had")
			}
		})
	}
}

// interrupt runs terraform with args, sends sig once the drain is well
// under way, and holds it to: terraform gone within 5 s, no request more than
// 1 s after the signal, a failed run whose output matches want.
func interrupt(t *testing.T, w *workspace, sb *acctest.Sandbox, args []string, sig syscall.Signal, toGroup bool, want string) {
	t.Helper()
	cmd := exec.Command(w.tf, args...)
	cmd.Dir, cmd.Env = w.dir, w.env
	// A process group of its own, as a shell gives a foreground job: Ctrl-C
	// is the signal sent to all of it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }()

	for deadline := time.Now().Add(60 * time.Second); len(sb.ListRequests(listPath)) < 20; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the drain never started:\n%s", output.String())
		}
	}
	target := cmd.Process.Pid
	if toGroup {
		target = -target
	}
	signaled := time.Now()
	if err := syscall.Kill(target, sig); err != nil {
		t.Fatal(err)
	}
	atSignal := len(sb.ListRequests(listPath))
	var afterOneSecond int
	oneSecond := time.After(time.Second)
	select {
	case <-oneSecond:
		afterOneSecond = len(sb.ListRequests(listPath))
		select {
		case err := <-exited:
			checkExit(t, err, time.Since(signaled), output.String())
		case <-time.After(4 * time.Second):
			t.Fatalf("terraform was still running 5 s after %s (%d → %d requests):\n%s", sig, atSignal, len(sb.ListRequests(listPath)), output.String())
		}
	case err := <-exited:
		checkExit(t, err, time.Since(signaled), output.String())
		afterOneSecond = len(sb.ListRequests(listPath))
	}
	w.lastOutput = output.String()
	time.Sleep(500 * time.Millisecond)
	final := len(sb.ListRequests(listPath))
	t.Logf("%s: %d requests at the signal, %d a second later, %d in all", sig, atSignal, afterOneSecond, final)
	// The request in flight at the signal, and one that the provider had
	// begun before the signal was handled, may arrive; none later.
	if final > afterOneSecond {
		t.Errorf("requests more than a second after the signal: %d at it, %d a second later, %d in all", atSignal, afterOneSecond, final)
	}
	if !wrapped(want).MatchString(output.String()) {
		t.Errorf("the output lacks %q:\n%s", want, output.String())
	}
	// Signaled alone, terraform says so; signaled with its group, the
	// provider's cancelled read may end the run before terraform does.
	if !toGroup && !strings.Contains(output.String(), "Interrupt received") {
		t.Errorf("terraform did not report the interrupt:\n%s", output.String())
	}
}

func checkExit(t *testing.T, err error, took time.Duration, output string) {
	t.Helper()
	t.Logf("terraform exited %s after the signal", took.Round(time.Millisecond))
	if err == nil {
		t.Errorf("an interrupted run must not succeed:\n%s", output)
	}
}
