// Command bucketbench measures many plans sharing one organization's read
// bucket (make bench): P terraform plans at once, each with a provider
// process of its own, each reading N pages from one sandbox whose bucket
// holds R reads a minute. It prints, for each case, the failed plans, the
// requests (429s included) against the pages, and the wall time against
// the bucket's floor, (pages − burst) / refill: no client can do better.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// benchCase is P plans of N pages through a bucket of R a minute.
type benchCase struct{ plans, pages, perMinute int }

func main() {
	tf := flag.String("terraform", "", "terraform or tofu binary (default: terraform on PATH)")
	cases := flag.String("cases", "10x40@300,20x15@120", "plans x pages @ reads per minute, comma-separated")
	flag.Parse()
	if *tf == "" {
		path, err := exec.LookPath("terraform")
		if err != nil {
			log.Fatal("no terraform on PATH; pass -terraform")
		}
		*tf = path
	}
	work, err := os.MkdirTemp("", "kirimchat-bucketbench-")
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = os.RemoveAll(work) }()
	cli := buildProvider(work)

	fmt.Printf("%6s %6s %8s %7s %9s %6s %9s %8s %9s %9s\n",
		"plans", "pages", "per min", "failed", "requests", "429s", "req/page", "wall s", "floor s", "allowed s")
	for _, field := range strings.Split(*cases, ",") {
		var c benchCase
		if _, err := fmt.Sscanf(strings.TrimSpace(field), "%dx%d@%d", &c.plans, &c.pages, &c.perMinute); err != nil {
			log.Fatalf("case %q: %v", field, err)
		}
		run(*tf, cli, work, c)
	}
}

func run(tf, cli, work string, c benchCase) {
	// One conversation a page: the read is c.pages requests.
	srv := sandbox.New(sandbox.Options{ReadsPerMinute: c.perMinute, Generated: sandbox.GenerateOptions{Seed: 18, Conversations: c.pages}})
	web := httptest.NewServer(srv)
	defer web.Close()
	var ids []string
	for _, conv := range srv.Conversations() {
		ids = append(ids, conv.ID)
	}
	sum := sha256.Sum256([]byte(strings.Join(ids, ",")))
	want := fmt.Sprintf("digest = %q", hex.EncodeToString(sum[:]))

	dirs := make([]string, c.plans)
	for i := range dirs {
		dirs[i] = filepath.Join(work, fmt.Sprintf("%dx%d-%d", c.plans, c.pages, i))
		writeConfig(dirs[i], web.URL+"/v1")
	}
	began := time.Now()
	failed := make([]bool, c.plans)
	var wg sync.WaitGroup
	for i, dir := range dirs {
		wg.Go(func() {
			cmd := exec.Command(tf, "plan", "-input=false", "-no-color")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cli, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
			out, err := cmd.CombinedOutput()
			if failed[i] = err != nil || !strings.Contains(string(out), want); failed[i] {
				log.Printf("plan %d of %d failed or read a wrong list:\n%s", i, c.plans, out)
			}
		})
	}
	wg.Wait()
	wall := time.Since(began)

	requests, limited := 0, 0
	for _, r := range srv.Requests() {
		if r.Path == "/conversations" {
			requests++
			if r.Status == 429 {
				limited++
			}
		}
	}
	failures := 0
	for _, f := range failed {
		if f {
			failures++
		}
	}
	pages := c.plans * c.pages
	floor := time.Duration(float64(max(0, pages-c.perMinute)) / (float64(c.perMinute) / 60) * float64(time.Second))
	allowed := time.Duration(1.3*float64(floor)) + 15*time.Second
	fmt.Printf("%6d %6d %8d %7d %9d %6d %9.2f %8.1f %9.1f %9.1f\n", c.plans, c.pages, c.perMinute, failures, requests, limited,
		float64(requests)/float64(pages), wall.Seconds(), floor.Seconds(), allowed.Seconds())
}

func writeConfig(dir, base string) {
	must(os.MkdirAll(dir, 0o755))
	must(os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`terraform {
  required_providers {
    kirimchat = { source = "kirimchat/kirimchat" }
  }
}
provider "kirimchat" {
  base_url  = "`+base+`"
  api_key   = "`+sandbox.DefaultAPIKey+`"
  page_size = 1
}
data "kirimchat_conversations" "all" {}
output "digest" { value = sha256(join(",", data.kirimchat_conversations.all.ids)) }
`), 0o600))
}

// buildProvider builds the provider and writes a CLI configuration that
// runs it; it returns the configuration's path.
func buildProvider(work string) string {
	plugins := filepath.Join(work, "plugins")
	build := exec.Command("go", "build", "-o", filepath.Join(plugins, "terraform-provider-kirimchat"), ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	must(build.Run())
	cli := filepath.Join(work, "cli.tfrc")
	must(os.WriteFile(cli, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"kirimchat/kirimchat\" = %q\n  }\n  direct {}\n}\n", plugins)), 0o600))
	return cli
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
