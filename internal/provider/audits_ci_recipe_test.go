package provider_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// The audits guide's CI recipe (docs/guides/audits.md), the file it shows,
// run as written on the real CLI: terraform plan exits 0 over a failed
// check, the recipe exits non-zero, naming the check and its message; it
// exits non-zero over a check that cannot be judged at plan (timestamp()),
// and 0 when every check passes.
func TestAccAuditsCIRecipe_failsOnlyWhenACheckDoesNotPass(t *testing.T) {
	t.Parallel()
	recipe, err := filepath.Abs("../../examples/audits/fail-on-failed-checks.sh")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("the recipe needs python3, which is not on PATH")
	}
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 1, Conversations: 50}})
	summary := func(asOf string) string {
		return sb.ProviderBlock() + `
data "kirimchat_conversation_summary" "all" {
  as_of = ` + asOf + `
}

check "some_conversations" {
  assert {
    condition     = data.kirimchat_conversation_summary.all.conversation_count > 0
    error_message = "No conversation at all."
  }
}
`
	}
	failing := `
check "none_unassigned" {
  assert {
    condition     = data.kirimchat_conversation_summary.all.unassigned_count < 0
    error_message = "${data.kirimchat_conversation_summary.all.unassigned_count} unassigned, for one."
  }
}
`
	for name, tc := range map[string]struct {
		config string
		exit   int
		says   []string
	}{
		"every check passes":        {config: summary("plantimestamp()"), exit: 0},
		"a check fails":             {config: summary("plantimestamp()") + failing, exit: 1, says: []string{"check check.none_unassigned: fail", "unassigned, for one.", "1 check(s) did not pass at plan"}},
		"a check known after apply": {config: summary("timestamp()"), exit: 1, says: []string{"check check.some_conversations: unknown", "1 check(s) did not pass at plan"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := newWorkspace(t, tc.config)
			cmd := exec.Command("sh", recipe)
			cmd.Dir, cmd.Env = w.dir, append(w.env, "TF="+w.tf)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			exit := 0
			var exitErr *exec.ExitError
			switch {
			case errors.As(err, &exitErr):
				exit = exitErr.ExitCode()
			case err != nil:
				t.Fatal(err)
			}
			if exit != tc.exit {
				t.Fatalf("the recipe exited %d, want %d:\n%s", exit, tc.exit, out.String())
			}
			for _, s := range tc.says {
				if !strings.Contains(out.String(), s) {
					t.Errorf("the recipe's output does not say %q:\n%s", s, out.String())
				}
			}
			// The saved plan holds what the data sources read: it never stays
			// in the configuration's folder.
			if entries, _ := os.ReadDir(w.dir); slices.ContainsFunc(entries, func(e os.DirEntry) bool { return strings.Contains(e.Name(), "tfplan") }) {
				t.Errorf("the recipe left its saved plan in the configuration's folder")
			}
			// The plan itself passed over the failed check: the recipe is what fails.
			if tc.exit != 0 && !strings.Contains(out.String(), "Plan:") && !strings.Contains(out.String(), "No changes") {
				t.Errorf("the plan did not finish:\n%s", out.String())
			}
		})
	}
}
