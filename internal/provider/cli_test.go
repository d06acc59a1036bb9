package provider_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Tests that must see what a user sees (exit status, terraform's own output,
// the state file) run the real CLI on a built provider, through a CLI
// configuration of their own with dev_overrides.

var (
	buildOnce   sync.Once
	builtPlugin string // the folder holding the built provider
	buildErr    error
	buildOutput []byte
)

// terraformCLI is the CLI the acceptance tests drive.
func terraformCLI(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	if tf := os.Getenv("TF_ACC_TERRAFORM_PATH"); tf != "" {
		return tf
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("no terraform on PATH and TF_ACC_TERRAFORM_PATH unset")
	}
	return tf
}

// workspace is a folder with main.tf holding config (after a terraform block
// requiring the provider), and a CLI configuration that runs the built
// provider.
type workspace struct {
	t   *testing.T
	tf  string
	dir string
	env []string
	// lastOutput is the output of the last run that a test kept.
	lastOutput string
}

func newWorkspace(t *testing.T, config string, env ...string) *workspace {
	t.Helper()
	tf := terraformCLI(t)
	buildOnce.Do(func() {
		builtPlugin, buildErr = os.MkdirTemp("", "kirimchat-plugin-") //nolint:usetesting // shared by every test; TestMain removes it
		if buildErr == nil {
			cleanups = append(cleanups, func() { _ = os.RemoveAll(builtPlugin) })
			build := exec.Command("go", "build", "-o", filepath.Join(builtPlugin, "terraform-provider-kirimchat"), "../..")
			buildOutput, buildErr = build.CombinedOutput()
		}
	})
	if buildErr != nil {
		t.Fatalf("building the provider: %v\n%s", buildErr, buildOutput)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "cli.tfrc"), `provider_installation {
  dev_overrides {
    "kirimchat/kirimchat" = "`+builtPlugin+`"
  }
  direct {}
}
`)
	writeFile(t, filepath.Join(dir, "main.tf"), "terraform {\n  required_providers {\n    kirimchat = { source = \"kirimchat/kirimchat\" }\n  }\n}\n"+config)
	return &workspace{t: t, tf: tf, dir: dir,
		env: append(append(os.Environ(), "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "cli.tfrc"), "CHECKPOINT_DISABLE=1"), env...)}
}

// run runs the CLI with args and returns its exit status and output.
func (w *workspace) run(args ...string) (int, string) {
	w.t.Helper()
	cmd := exec.Command(w.tf, args...)
	cmd.Dir, cmd.Env = w.dir, w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String()
	case err != nil:
		w.t.Fatalf("running %s: %v", w.tf, err)
	}
	return 0, out.String()
}

// apply runs terraform apply, without prompts or colors.
func (w *workspace) apply() (int, string) {
	w.t.Helper()
	return w.run("apply", "-auto-approve", "-input=false", "-no-color")
}

// files is every byte the workspace holds after a run: state, backups,
// logs, everything terraform wrote.
func (w *workspace) files() string {
	return w.filesMatching(func(name string) bool { return name != "main.tf" })
}

// state is every byte of the state files: the state and its backup.
func (w *workspace) state() string {
	return w.filesMatching(func(name string) bool { return strings.HasPrefix(name, "terraform.tfstate") })
}

func (w *workspace) filesMatching(match func(name string) bool) string {
	w.t.Helper()
	var all bytes.Buffer
	_ = filepath.WalkDir(w.dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && match(d.Name()) {
			b, _ := os.ReadFile(path)
			all.Write(b)
		}
		return nil
	})
	return all.String()
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
