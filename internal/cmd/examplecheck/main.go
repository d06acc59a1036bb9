// Command examplecheck executes every example against the sandbox on each
// CLI it is given (make examples-check): each folder under examples/ is
// applied with the provider built from this tree, and each check block
// annotated "# sandbox: the check below passes|fails" must end that way;
// examples/testing runs the terraform-test job of its GitHub Actions workflow
// (scripts/github-job.py), whose `terraform test` serves its own fixture.
// Examples that need a newer CLI than one given (ephemeral resources) are
// reported as not run on it.
//
//	go run ./internal/cmd/examplecheck CLI...
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// The sandbox the examples run against: the same organization as the
// default `kirimchat-sandbox` (seed 1, 300 conversations), so that every id
// and phone number in an example is one a user finds there; its data has a
// null in every nullable field (sandbox.TestTheDefaultOrganizationHasNullsInEveryNullableField).
const sandboxConversations = 300

func main() {
	clis := os.Args[1:]
	if len(clis) == 0 {
		log.Fatal("usage: examplecheck CLI...")
	}
	work, err := os.MkdirTemp("", "kirimchat-examples-")
	must(err)
	defer func() { _ = os.RemoveAll(work) }()

	plugins := filepath.Join(work, "plugins")
	build := exec.Command("go", "build", "-o", filepath.Join(plugins, "terraform-provider-kirimchat"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		log.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliConfig := filepath.Join(work, "cli.tfrc")
	must(os.WriteFile(cliConfig, []byte(`provider_installation {
  dev_overrides {
    "kirimchat/kirimchat" = "`+plugins+`"
    # the examples without a required_providers block name the provider so
    "hashicorp/kirimchat" = "`+plugins+`"
  }
  direct {}
}
`), 0o600))

	srv := httptest.NewServer(sandbox.New(sandbox.Options{APIKeys: []string{sandbox.DefaultAPIKey},
		Generated: sandbox.GenerateOptions{Seed: 1, Conversations: sandboxConversations, Now: time.Now().UTC().Truncate(time.Minute)}}))
	defer srv.Close()
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"KIRIMCHAT_BASE_URL="+srv.URL+"/v1", "KIRIMCHAT_API_KEY="+sandbox.DefaultAPIKey,
		"TF_VAR_kirimchat_api_key="+sandbox.DefaultAPIKey) // examples/provider spells every setting out

	dirs := exampleDirs()
	failed := 0
	for _, cli := range clis {
		c := cliInfo(cli, env)
		fmt.Printf("== %s\n", c.name)
		if out, err := c.run(".", "fmt", "-check", "-recursive", "examples/"); err != nil {
			fmt.Printf("FAIL  fmt: the examples are not fmt-clean (run make fmt)\n%s", indent(out))
			failed++
		}
		for _, dir := range dirs {
			if ok, why := c.canRun(dir); !ok {
				fmt.Printf("not run  %s: %s\n", dir, why)
				continue
			}
			problem, note := c.execute(dir, filepath.Join(work, c.name, dir))
			if problem != "" {
				fmt.Printf("FAIL  %s\n%s", dir, indent(problem))
				failed++
				continue
			}
			fmt.Printf("ok    %s%s\n", dir, note)
		}
	}
	if failed > 0 {
		fmt.Printf("%d example run(s) failed\n", failed)
		os.Exit(1)
	}
}

// exampleDirs are the folders under examples/ that hold configuration.
func exampleDirs() []string {
	seen := map[string]bool{}
	must(filepath.WalkDir("examples", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tftest.hcl")) {
			dir := filepath.Dir(path)
			if filepath.Base(dir) == "tests" {
				dir = filepath.Dir(dir)
			}
			seen[dir] = true
		}
		return err
	}))
	dirs := make([]string, 0, len(seen))
	for d := range seen {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	return dirs
}

type cli struct {
	path, name string
	tofu       bool
	version    []int
	env        []string
}

func cliInfo(path string, env []string) cli {
	path, err := filepath.Abs(path)
	must(err)
	cmd := exec.Command(path, "version")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("%s version: %v", path, err)
	}
	// "Terraform v1.11.4" or "OpenTofu v1.12.6-dev"
	first := regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v.*$`).FindString(string(out))
	m := regexp.MustCompile(`v(\d+)\.(\d+)\.(\d+)`).FindStringSubmatch(first)
	if m == nil {
		log.Fatalf("%s: cannot read the version in %q", path, out)
	}
	c := cli{path: path, tofu: strings.HasPrefix(first, "OpenTofu"), env: env}
	for _, part := range m[1:] {
		n, _ := strconv.Atoi(part)
		c.version = append(c.version, n)
	}
	c.name = strings.Fields(first)[0] + "-" + strings.Join(m[1:], ".")
	return c
}

// atLeast compares the CLI's version with a major.minor one.
func (c cli) atLeast(minimum [2]int) bool {
	return c.version[0] > minimum[0] || c.version[0] == minimum[0] && c.version[1] >= minimum[1]
}

// canRun says whether the CLI supports what the example uses.
func (c cli) canRun(dir string) (bool, string) {
	if strings.Contains(dir, "ephemeral-resources") {
		if c.tofu && !c.atLeast([2]int{1, 11}) || !c.tofu && !c.atLeast([2]int{1, 10}) {
			return false, "ephemeral resources need Terraform 1.10 or OpenTofu 1.11"
		}
	}
	if strings.HasSuffix(dir, "testing") {
		// .tftest.hcl files came with Terraform 1.6 (1.5's experimental
		// `test` finds none and passes), mock providers with 1.7 and OpenTofu 1.8.
		if c.tofu && !c.atLeast([2]int{1, 8}) || !c.tofu && !c.atLeast([2]int{1, 7}) {
			return false, "terraform test with a mocked provider needs Terraform 1.7 or OpenTofu 1.8"
		}
	}
	return true, ""
}

func (c cli) run(dir string, args ...string) (string, error) {
	cmd := exec.Command(c.path, args...)
	cmd.Dir, cmd.Env = dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// execute runs one example in a copy: its CI workflow's `terraform test`
// job for examples/testing, apply for every other, then holds its checks
// to their annotations. It returns what went wrong, or "", and a note for
// the line that says it is ok.
func (c cli) execute(dir, copyDir string) (problem, note string) {
	must(os.CopyFS(copyDir, os.DirFS(dir)))
	if strings.HasSuffix(dir, "testing") {
		// The job of its GitHub Actions workflow, as the guide shows it and
		// make test runs it: scripts/sandbox-ci.sh builds the provider and
		// the sandbox and serves the folder's fixture, on this CLI.
		job := exec.Command("python3", "scripts/github-job.py", "--cli", c.path,
			filepath.Join(dir, ".github", "workflows", "terraform-test.yml"), "terraform-test", copyDir)
		job.Env = c.env
		outb, err := job.CombinedOutput()
		out := string(outb)
		if err != nil {
			return out, ""
		}
		// A test command that found nothing to run has proved nothing.
		m := regexp.MustCompile(`Success! (\d+) passed, 0 failed`).FindStringSubmatch(out)
		if m == nil || m[1] == "0" {
			return "terraform test ran no test:\n" + out, ""
		}
		return "", fmt.Sprintf(": %s runs passed (its workflow's terraform-test job)", m[1])
	}
	applied, err := c.run(copyDir, "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		return applied, ""
	}
	out, err := c.run(copyDir, "show", "-json", "-no-color")
	if err != nil {
		return out, ""
	}
	var state struct {
		Checks []struct {
			Address struct {
				Name string `json:"name"`
			} `json:"address"`
			Status string `json:"status"`
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &state); err != nil {
		return "terraform show -json: " + err.Error(), ""
	}
	// The state holds the checks' results, but not those of checks that
	// read ephemeral values: their failures are known from the warnings.
	got := map[string]string{}
	for _, ch := range state.Checks {
		got[ch.Address.Name] = ch.Status
	}
	warned := regexp.MustCompile(`Check block assertion failed\s+on [^\n]*, in check "([^"]+)"`).FindAllStringSubmatch(applied, -1)
	for name := range annotatedChecks(dir) {
		if _, inState := got[name]; !inState {
			got[name] = "pass"
			for _, w := range warned {
				if w[1] == name {
					got[name] = "fail"
				}
			}
		}
	}
	var problems []string
	for name, want := range annotatedChecks(dir) {
		if got[name] != want {
			problems = append(problems, fmt.Sprintf("check %q: %q, want %q", name, got[name], want))
		}
	}
	return strings.Join(problems, "\n"), ""
}

// annotatedChecks reads "# sandbox: the check below passes|fails" before
// each check block of the example; every check block must have one.
func annotatedChecks(dir string) map[string]string {
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	must(err)
	annotation := regexp.MustCompile(`^# sandbox: the check below (passes|fails)$`)
	block := regexp.MustCompile(`^check "([^"]+)"`)
	want := map[string]string{}
	for _, file := range files {
		f, err := os.Open(file)
		must(err)
		expect := ""
		scanner := bufio.NewScanner(f)
		for scanner.Scan() {
			line := strings.TrimSpace(scanner.Text())
			if m := annotation.FindStringSubmatch(line); m != nil {
				expect = map[string]string{"passes": "pass", "fails": "fail"}[m[1]]
				continue
			}
			if m := block.FindStringSubmatch(line); m != nil {
				if expect == "" {
					log.Fatalf("%s: check %q has no sandbox annotation", file, m[1])
				}
				want[m[1]] = expect
			}
			expect = ""
		}
		_ = f.Close()
	}
	return want
}

func indent(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString("  | " + line + "\n")
	}
	return b.String()
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
