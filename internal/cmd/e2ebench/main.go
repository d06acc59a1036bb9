// Command e2ebench measures what the provider costs end to end, against the
// floor set by the API and by Terraform itself (make bench):
//
//   - provider: `terraform apply` of a configuration reading N conversations
//     from the sandbox through kirimchat_conversations;
//   - floor: the same apply reading the identical, identically typed list
//     through Terraform's builtin terraform_remote_state from a local state
//     file, plus a plain Go loop draining the same sandbox pages.
//
// It prints, for each N, both times, their ratio, and the provider's peak RSS
// against the size of the JSON it received. With -summary-n, -summary-rss-n
// and -audit-n it also measures kirimchat_conversation_summary (summary.go).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/provider"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

func main() {
	sizes := flag.String("n", "1000,10000,100000", "conversation counts, comma-separated")
	runs := flag.Int("runs", 3, "runs per measurement; the median is reported")
	tf := flag.String("terraform", "", "terraform or tofu binary (default: terraform on PATH)")
	link := flag.Duration("link", 0, "also read link-n conversations from a sandbox this far away (a round trip per page), such as 150ms")
	linkN := flag.Int("link-n", 20000, "conversations read over the link")
	var sf summaryFlags
	flag.IntVar(&sf.n, "summary-n", 0, "also time kirimchat_conversation_summary over this many conversations against its floor and the list (0: skip)")
	flag.IntVar(&sf.rssN, "summary-rss-n", 0, "also measure the summary's peak RSS over this many conversations against the list's (0: skip)")
	flag.IntVar(&sf.auditN, "audit-n", 0, "also time the team audit's terraform plan over this many conversations (0: skip)")
	flag.DurationVar(&sf.auditLink, "audit-link", 150*time.Millisecond, "the round trip the team audit's sandbox holds every answer back")
	flag.IntVar(&sf.vips, "audit-vips", 20, "contacts in the team audit's vip_contact_ids")
	flag.DurationVar(&sf.oldTimeout, "audit-old-timeout", 0, "also run the team audit the old way (over kirimchat_conversations) once, given up past this (0: skip)")
	flag.Parse()
	if *tf == "" {
		path, err := exec.LookPath("terraform")
		if err != nil {
			log.Fatal("no terraform on PATH; pass -terraform")
		}
		*tf = path
	}
	work, err := os.MkdirTemp("", "kirimchat-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = os.RemoveAll(work) }()

	b := &bench{tf: *tf, work: work, runs: *runs}
	b.buildProvider()
	if strings.TrimSpace(*sizes) != "" {
		b.table(*sizes)
	}
	if *link > 0 {
		b.overALink(*linkN, *link)
	}
	b.summaries(sf)
}

// table is the provider's apply against the floor for each of sizes.
func (b *bench) table(sizes string) {
	fmt.Printf("%8s %12s %12s %12s %12s %7s %12s %10s %8s\n",
		"N", "provider s", "floor s", "(remote st.", "plain drain)", "ratio", "peak RSS MiB", "JSON MiB", "RSS/JSON")
	for _, field := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			log.Fatal(err)
		}
		r := b.measure(n)
		fmt.Printf("%8d %12.2f %12.2f %12.2f %12.2f %7.2f %12.1f %10.1f %8.2f\n",
			n, r.provider.Seconds(), (r.remoteState + r.plainDrain).Seconds(), r.remoteState.Seconds(), r.plainDrain.Seconds(),
			r.provider.Seconds()/(r.remoteState+r.plainDrain).Seconds(), float64(r.peakRSS)/(1<<20), float64(r.jsonBytes)/(1<<20),
			float64(r.peakRSS)/float64(r.jsonBytes))
	}
}

// overALink is what bounds users far from the API: terraform apply reading
// n conversations from a sandbox whose every answer takes rtt, against the
// pages × rtt that the round trips alone cost.
func (b *bench) overALink(n int, rtt time.Duration) {
	srv := httptest.NewServer(sandbox.New(sandbox.Options{ReadsPerMinute: 1 << 30, Latency: rtt,
		Generated: sandbox.GenerateOptions{Seed: uint64(n), Conversations: n}}))
	defer srv.Close()
	dir := b.config(fmt.Sprintf("link-%d", n), srv.URL+"/v1")
	took := b.median(func() {
		_ = os.Remove(filepath.Join(dir, "terraform.tfstate"))
		b.apply(dir, filepath.Join(b.work, "rss-link"))
	})
	pages := (n + kirimchat.DefaultPageSize - 1) / kirimchat.DefaultPageSize
	floor := time.Duration(pages) * rtt
	fmt.Printf("\nover a %s link: %d conversations in %d pages: provider %.2f s, pages × round trip %.2f s, ratio %.3f\n",
		rtt, n, pages, took.Seconds(), floor.Seconds(), took.Seconds()/floor.Seconds())
}

type bench struct {
	tf, work string
	runs     int
}

type result struct {
	provider, remoteState, plainDrain time.Duration
	peakRSS, jsonBytes                int64
}

// buildProvider builds the provider behind a wrapper that records its peak
// RSS with GNU time, in a dev_overrides folder.
func (b *bench) buildProvider() {
	bin := filepath.Join(b.work, "terraform-provider-kirimchat.real")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		log.Fatal(err)
	}
	plugins := filepath.Join(b.work, "plugins")
	must(os.MkdirAll(plugins, 0o755))
	wrapper := "#!/bin/sh\nexec /usr/bin/time -a -f '%M' -o \"$KIRIMCHAT_BENCH_RSS\" " + bin + " \"$@\"\n"
	must(os.WriteFile(filepath.Join(plugins, "terraform-provider-kirimchat"), []byte(wrapper), 0o755)) //nolint:gosec // an executable wrapper
	cli := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"kirimchat/kirimchat\" = %q\n  }\n  direct {}\n}\n", plugins)
	must(os.WriteFile(filepath.Join(b.work, "cli.tfrc"), []byte(cli), 0o600))
}

func (b *bench) measure(n int) result {
	srv := httptest.NewServer(sandbox.New(sandbox.Options{ReadsPerMinute: 1 << 30,
		Generated: sandbox.GenerateOptions{Seed: uint64(n), Conversations: n}}))
	defer srv.Close()
	base := srv.URL + "/v1"

	var r result
	dir := b.config(fmt.Sprintf("provider-%d", n), base)
	rssFile := filepath.Join(b.work, fmt.Sprintf("rss-%d", n))
	r.provider = b.median(func() { _ = os.Remove(filepath.Join(dir, "terraform.tfstate")); b.apply(dir, rssFile) })
	r.peakRSS = peakKiB(rssFile) * 1024

	floorDir := filepath.Join(b.work, fmt.Sprintf("floor-%d", n))
	must(os.MkdirAll(floorDir, 0o755))
	writeFloorState(filepath.Join(dir, "terraform.tfstate"), filepath.Join(floorDir, "floor.tfstate"))
	must(os.WriteFile(filepath.Join(floorDir, "main.tf"), []byte(`data "terraform_remote_state" "floor" {
  backend = "local"
  config = {
    path = "floor.tfstate"
  }
}
output "n" {
  value = length(data.terraform_remote_state.floor.outputs.conversations)
}
`), 0o600))
	r.remoteState = b.median(func() { _ = os.Remove(filepath.Join(floorDir, "terraform.tfstate")); b.apply(floorDir, "") })

	r.plainDrain = b.median(func() {
		convs, received, err := acctest.PlainDrain(context.Background(), base, sandbox.DefaultAPIKey)
		if err != nil || len(convs) != n {
			log.Fatalf("plain drain: %d conversations, %v", len(convs), err)
		}
		r.jsonBytes = received
	})
	return r
}

// config writes a configuration reading every conversation from base.
func (b *bench) config(name, base string) string {
	return b.writeConfig(name, base, `data "kirimchat_conversations" "all" {}
output "n" {
  value = length(data.kirimchat_conversations.all.conversations)
}
`)
}

// writeConfig writes a configuration of the provider reading from base,
// with body, into the folder name.
func (b *bench) writeConfig(name, base, body string) string {
	dir := filepath.Join(b.work, name)
	must(os.MkdirAll(dir, 0o755))
	must(os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`terraform {
  required_providers {
    kirimchat = { source = "kirimchat/kirimchat" }
  }
}
provider "kirimchat" {
  base_url = "`+base+`"
  api_key  = "`+sandbox.DefaultAPIKey+`"
}
`+body), 0o600))
	return dir
}

func (b *bench) apply(dir, rssFile string) {
	if _, err := b.terraform(context.Background(), dir, rssFile, "apply", "-auto-approve"); err != nil {
		log.Fatal(err)
	}
}

// terraform runs one terraform command in dir with the bench's CLI
// configuration, the provider's peak RSS appended to rssFile ("": none),
// and returns its output. When ctx ends, terraform is interrupted, as by
// Ctrl-C, so that it stops its provider processes; killed 30 s later.
func (b *bench) terraform(ctx context.Context, dir, rssFile string, args ...string) (string, error) {
	if rssFile == "" {
		rssFile = os.DevNull
	}
	cmd := exec.CommandContext(ctx, b.tf, append(args, "-input=false", "-no-color")...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+filepath.Join(b.work, "cli.tfrc"), "CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1", "KIRIMCHAT_BENCH_RSS="+rssFile)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s in %s: %w\n%s", b.tf, args[0], dir, err, out)
	}
	return string(out), nil
}

func (b *bench) median(run func()) time.Duration {
	var times []time.Duration
	for range b.runs {
		began := time.Now()
		run()
		times = append(times, time.Since(began))
	}
	slices.Sort(times)
	return times[len(times)/2]
}

// peakKiB is the largest of the provider processes' peak RSS values.
func peakKiB(path string) int64 {
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatalf("no RSS figures: %v", err)
	}
	var peak int64
	for _, line := range strings.Fields(string(data)) {
		if v, err := strconv.ParseInt(line, 10, 64); err == nil {
			peak = max(peak, v)
		}
	}
	return peak
}

// writeFloorState writes a state whose output holds the data source's list
// with the schema's own type, so that terraform_remote_state hands Terraform
// the identical, identically typed value.
func writeFloorState(providerState, floorState string) {
	raw, err := os.ReadFile(providerState)
	must(err)
	var state struct {
		Resources []struct {
			Instances []struct {
				Attributes map[string]json.RawMessage `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	must(json.Unmarshal(raw, &state))
	conversations := state.Resources[0].Instances[0].Attributes["conversations"]

	ds := provider.NewConversationsDataSource()
	var resp datasource.SchemaResponse
	ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	objType, ok := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		log.Fatal("the schema is not an object")
	}
	out, err := json.Marshal(map[string]any{
		"version": 4, "terraform_version": "1.11.0", "serial": 1, "lineage": "kirimchat-bench",
		"outputs":   map[string]any{"conversations": map[string]any{"value": conversations, "type": typeSpec(objType.AttributeTypes["conversations"])}},
		"resources": []any{}, "check_results": nil,
	})
	must(err)
	must(os.WriteFile(floorState, out, 0o600))
}

// typeSpec is a type in the JSON form Terraform's state files use.
func typeSpec(t tftypes.Type) any {
	switch {
	case t.Is(tftypes.String):
		return "string"
	case t.Is(tftypes.Number):
		return "number"
	case t.Is(tftypes.Bool):
		return "bool"
	case t.Is(tftypes.List{}):
		return []any{"list", typeSpec(t.(tftypes.List).ElementType)} //nolint:forcetypeassert // checked by Is
	case t.Is(tftypes.Object{}):
		attrs := map[string]any{}
		for name, at := range t.(tftypes.Object).AttributeTypes { //nolint:forcetypeassert // checked by Is
			attrs[name] = typeSpec(at)
		}
		return []any{"object", attrs}
	}
	log.Fatalf("no type spec for %s", t)
	return nil
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
