package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// summaryFlags choose which of kirimchat_conversation_summary's figures to
// measure (issue 17); a size of 0 skips that figure.
type summaryFlags struct {
	// n: the summary's apply against its floor (a plain drain of the same
	// pages plus an apply that reads only kirimchat_me) and against the
	// list's apply, on loopback.
	n int
	// rssN: the provider's peak RSS for the summary's apply against the
	// list's, and against the size of the summary's id lists.
	rssN int
	// auditN, auditLink, vips: the team audit's terraform plan over a link.
	auditN, vips int
	auditLink    time.Duration
	// oldTimeout: the team audit the old way, over kirimchat_conversations,
	// run once and given up past this.
	oldTimeout time.Duration
}

// present is the generated organization's present (the generator's default
// Now, set here explicitly) and the as_of of the loopback summaries: waiting
// is measured at the organization's own present, so that the id lists hold
// the share the generator gives a realistic support team (about a fifth of
// the conversations unassigned, and the unread ones past 24 hours waiting).
var present = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// idBytes is about what one id costs in an id list: cnv_ and 26 characters
// (30 bytes), and a byte of framing.
const idBytes = 31

func (b *bench) summaries(f summaryFlags) {
	if f.n > 0 || f.rssN > 0 || f.auditN > 0 {
		defer func() { fmt.Printf("\nload average at the end: %s\n", loadAverage()) }()
		fmt.Printf("\nload average at the start: %s (a busy machine makes every figure slower)\n", loadAverage())
	}
	if f.n > 0 {
		b.summaryAgainstFloor(f.n)
	}
	if f.rssN > 0 {
		b.summaryRSS(f.rssN)
	}
	if f.auditN > 0 {
		b.teamAudit(f)
	}
}

// generated serves a generated organization of n conversations anchored at
// now, each answer held back by latency.
func generated(n int, now time.Time, latency time.Duration) (*sandbox.Server, *httptest.Server) {
	srv := sandbox.New(sandbox.Options{ReadsPerMinute: 1 << 30, Latency: latency,
		Generated: sandbox.GenerateOptions{Seed: uint64(n), Conversations: n, Now: now}}) //nolint:gosec // n is a positive count
	return srv, httptest.NewServer(srv)
}

// summaryBody is the configuration of the loopback summaries: one summary,
// no filters, waiting measured at present.
var summaryBody = `data "kirimchat_conversation_summary" "all" {
  as_of = "` + present.Format(time.RFC3339) + `"
}
output "n" {
  value = data.kirimchat_conversation_summary.all.conversation_count
}
`

// meBody reads only kirimchat_me: what an apply costs with the provider
// started, configured and one request answered.
const meBody = `data "kirimchat_me" "me" {}
output "org" {
  value = data.kirimchat_me.me.id
}
`

// timedApply is the median time of fresh applies in dir, and the largest
// peak RSS of the provider processes they started.
func (b *bench) timedApply(dir string) (time.Duration, int64) {
	rssFile := dir + ".rss"
	_ = os.Remove(rssFile)
	took := b.median(func() { _ = os.Remove(filepath.Join(dir, "terraform.tfstate")); b.apply(dir, rssFile) })
	return took, peakKiB(rssFile) * 1024
}

// summaryAgainstFloor is the first figure: the summary's apply
// against a plain drain of the same pages plus the apply of kirimchat_me
// alone (≤ 1.3×), and against the list's apply (at least 3× faster).
func (b *bench) summaryAgainstFloor(n int) {
	_, web := generated(n, present, 0)
	defer web.Close()
	base := web.URL + "/v1"

	summaryDir := b.writeConfig(fmt.Sprintf("summary-%d", n), base, summaryBody)
	summary, summaryRSS := b.timedApply(summaryDir)
	state := summaryState(summaryDir)
	if state.Count != int64(n) {
		log.Fatalf("the summary counted %d conversations of %d", state.Count, n)
	}
	me, meRSS := b.timedApply(b.writeConfig(fmt.Sprintf("me-%d", n), base, meBody))
	var received int64
	drain := b.median(func() {
		convs, got, err := acctest.PlainDrain(context.Background(), base, sandbox.DefaultAPIKey)
		if err != nil || len(convs) != n {
			log.Fatalf("plain drain: %d conversations, %v", len(convs), err)
		}
		received = got
	})
	list, listRSS := b.timedApply(b.config(fmt.Sprintf("summary-list-%d", n), base))

	floor := drain + me
	ratio, speedup := summary.Seconds()/floor.Seconds(), list.Seconds()/summary.Seconds()
	fmt.Printf("\nsummary against its floor and the list: %d conversations on loopback, %d pages of %d, %.1f MiB of JSON, as_of %s, median of %d\n",
		n, pages(n), kirimchat.DefaultPageSize, mib(received), present.Format(time.RFC3339), b.runs)
	fmt.Printf("  %-42s %8.2f s   peak RSS %6.1f MiB\n", "summary apply", summary.Seconds(), mib(summaryRSS))
	fmt.Printf("  %-42s %8.2f s\n", "floor (plain drain + kirimchat_me apply)", floor.Seconds())
	fmt.Printf("  %-42s %8.2f s\n", "  plain Go drain of the same pages", drain.Seconds())
	fmt.Printf("  %-42s %8.2f s   peak RSS %6.1f MiB\n", "  apply reading only kirimchat_me", me.Seconds(), mib(meRSS))
	fmt.Printf("  %-42s %8.2f s   peak RSS %6.1f MiB\n", "list apply (kirimchat_conversations)", list.Seconds(), mib(listRSS))
	fmt.Printf("  summary / floor %.2f (target ≤ 1.30: %s); list / summary %.2f (target ≥ 3.00: %s)\n",
		ratio, passFail(ratio <= 1.3), speedup, passFail(speedup >= 3))
	fmt.Printf("  the summary's id lists: %d unassigned + %d waiting of %d\n", state.UnassignedCount, state.WaitingCount, n)
}

// summaryRSS is the second figure: the provider's peak RSS for the
// summary's apply, against the list's and the summary's id lists.
func (b *bench) summaryRSS(n int) {
	_, web := generated(n, present, 0)
	defer web.Close()
	base := web.URL + "/v1"

	summaryDir := b.writeConfig(fmt.Sprintf("summary-rss-%d", n), base, summaryBody)
	summary, summaryRSS := b.timedApply(summaryDir)
	state := summaryState(summaryDir)
	if state.Count != int64(n) {
		log.Fatalf("the summary counted %d conversations of %d", state.Count, n)
	}
	_, meRSS := b.timedApply(b.writeConfig(fmt.Sprintf("me-rss-%d", n), base, meBody))
	list, listRSS := b.timedApply(b.config(fmt.Sprintf("list-rss-%d", n), base))
	_, received, err := acctest.PlainDrain(context.Background(), base, sandbox.DefaultAPIKey)
	must(err)

	ids := state.UnassignedCount + state.WaitingCount
	estimate := ids * idBytes
	fmt.Printf("\nthe provider's peak RSS at %d conversations on loopback (%.1f MiB of JSON; as_of %s; largest of %d applies)\n",
		n, mib(received), present.Format(time.RFC3339), b.runs)
	fmt.Printf("  %-42s %8.1f MiB   (apply %.2f s)\n", "summary apply", mib(summaryRSS), summary.Seconds())
	fmt.Printf("  %-42s %8.1f MiB   (apply %.2f s)\n", "list apply (kirimchat_conversations)", mib(listRSS), list.Seconds())
	fmt.Printf("  %-42s %8.1f MiB\n", "apply reading only kirimchat_me (baseline)", mib(meRSS))
	fmt.Printf("  %-42s %8.2f MiB   (%d unassigned + %d waiting = %d ids, %.1f%% of the conversations, × %d bytes)\n",
		"the summary's id lists (estimate)", mib(estimate), state.UnassignedCount, state.WaitingCount, ids,
		100*float64(ids)/float64(n), idBytes)
	fmt.Printf("  summary − baseline %.1f MiB, %.1f× the id lists; list / summary %.1f×\n",
		mib(summaryRSS-meRSS), float64(summaryRSS-meRSS)/float64(estimate), float64(listRSS)/float64(summaryRSS))
	b.summaryRSSWithoutIDs(n)
}

// summaryRSSWithoutIDs is the summary's peak RSS when its id lists are
// empty (every conversation assigned, waiting measured in 2000), at n and
// at a fifth of n: what the read itself costs as the organization grows,
// the id lists aside.
func (b *bench) summaryRSSWithoutIDs(n int) {
	fmt.Printf("\nthe summary's peak RSS with empty id lists (every conversation assigned, as_of 2000-01-01), largest of %d applies\n", b.runs)
	for _, size := range []int{n / 5, n} {
		srv, web := generated(size, present, 0)
		convs := srv.Conversations()
		for i := range convs {
			if convs[i].Assignee == nil {
				convs[i].Assignee = &sandbox.Agent{ID: "usr_0000000000000000000000000A"}
			}
		}
		srv.SetConversations(convs)
		dir := b.writeConfig(fmt.Sprintf("summary-no-ids-%d", size), web.URL+"/v1", `data "kirimchat_conversation_summary" "all" {
  as_of = "2000-01-01T00:00:00Z"
}
`)
		took, rss := b.timedApply(dir)
		state := summaryState(dir)
		web.Close()
		if state.Count != int64(size) || state.UnassignedCount+state.WaitingCount != 0 {
			log.Fatalf("the summary of %d: %+v, want every conversation and no ids", size, state)
		}
		fmt.Printf("  %-42s %8.1f MiB   (apply %.2f s)\n", fmt.Sprintf("summary apply, %d conversations, 0 ids", size), mib(rss), took.Seconds())
	}
}

// summaryFigures are what a summary's state says.
type summaryFigures struct {
	Count           int64 `json:"conversation_count"`
	UnassignedCount int64 `json:"unassigned_count"`
	WaitingCount    int64 `json:"waiting_count"`
}

// summaryState reads the figures of the one summary in dir's state.
func summaryState(dir string) summaryFigures {
	raw, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	must(err)
	var state struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes summaryFigures `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	must(json.Unmarshal(raw, &state))
	for _, r := range state.Resources {
		if r.Type == "kirimchat_conversation_summary" && len(r.Instances) == 1 {
			return r.Instances[0].Attributes
		}
	}
	log.Fatalf("no summary in the state of %s", dir)
	return summaryFigures{}
}

// teamAudit is the third figure: the team audit's terraform plan
// over a link against pages × the round trip, pages being the GET requests
// the plan made; and the same audit the old way, once, if asked.
func (b *bench) teamAudit(f summaryFlags) {
	srv, web := generated(f.auditN, time.Now().UTC().Truncate(time.Second), f.auditLink)
	defer web.Close()
	base := web.URL + "/v1"
	vips := vipContacts(srv, f.vips)
	open := 0
	for _, c := range srv.Conversations() {
		if c.Status == "open" {
			open++
		}
	}
	fmt.Printf("\nthe team audit: terraform plan, %d conversations (%d open), %d VIP contacts, every answer held back %s, pages of %d\n",
		f.auditN, open, len(vips), f.auditLink, kirimchat.DefaultPageSize)

	dir := b.writeConfig(fmt.Sprintf("audit-%d", f.auditN), base, auditBody(vips))
	var took []time.Duration
	var gets []int
	var failed string
	for range b.runs {
		t, g, out, err := b.plan(context.Background(), srv, dir)
		if err != nil {
			log.Fatal(err)
		}
		took, gets, failed = append(took, t), append(gets, g), failedChecks(out)
	}
	median := slices.Sorted(slices.Values(took))[len(took)/2]
	page := slices.Max(gets)
	bound := time.Duration(page) * f.auditLink
	allowed := time.Duration(1.2 * float64(bound))
	fmt.Printf("  %-42s %8.2f s   (runs: %s)\n", "summaries (kirimchat_conversation_summary)", median.Seconds(), seconds(took))
	fmt.Printf("  GET requests per plan %s; pages × %s = %.2f s; ratio %.2f (target ≤ 1.20, %.2f s: %s)\n",
		counts(gets), f.auditLink, bound.Seconds(), median.Seconds()/bound.Seconds(), allowed.Seconds(), passFail(median <= allowed))
	fmt.Printf("  failed checks (warnings): %s\n", failed)

	if f.oldTimeout <= 0 {
		return
	}
	oldDir := b.writeConfig(fmt.Sprintf("audit-old-%d", f.auditN), base, oldAuditBody(vips))
	ctx, cancel := context.WithTimeout(context.Background(), f.oldTimeout)
	defer cancel()
	t, g, out, err := b.plan(ctx, srv, oldDir)
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		fmt.Printf("  %-42s not finished in %s (given up after %d GET requests)\n", "the old way (kirimchat_conversations), once", f.oldTimeout, g)
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Printf("  %-42s %8.2f s   (once; %d GET requests; pages × %s = %.2f s; %.1f× the summaries)\n",
			"the old way (kirimchat_conversations), once", t.Seconds(), g, f.auditLink,
			(time.Duration(g) * f.auditLink).Seconds(), t.Seconds()/median.Seconds())
		fmt.Printf("  failed checks (warnings): %s\n", failedChecks(out))
	}
}

// plan runs terraform plan in dir, and counts the GET requests srv
// answered meanwhile; none may fail.
func (b *bench) plan(ctx context.Context, srv *sandbox.Server, dir string) (time.Duration, int, string, error) {
	before := len(srv.Requests())
	began := time.Now()
	out, err := b.terraform(ctx, dir, "", "plan")
	took := time.Since(began)
	gets := 0
	for _, r := range srv.Requests()[before:] {
		if r.Method == http.MethodGet {
			gets++
		}
		if r.Status != http.StatusOK && err == nil {
			return took, gets, out, fmt.Errorf("the plan in %s met a %d from %s", dir, r.Status, r.Path)
		}
	}
	return took, gets, out, err
}

// vipContacts are n contacts of srv with conversations: those of the most
// recently active conversations.
func vipContacts(srv *sandbox.Server, n int) []string {
	var ids []string
	for _, c := range srv.Conversations() {
		if c.Contact != nil && !slices.Contains(ids, c.Contact.ID) {
			ids = append(ids, c.Contact.ID)
		}
		if len(ids) == n {
			break
		}
	}
	return ids
}

func vipVariable(vips []string) string {
	quoted, err := json.Marshal(vips)
	must(err)
	return `variable "vip_contact_ids" {
  type    = list(string)
  default = ` + string(quoted) + `
}
`
}

// auditBody is the team audit over summaries.
func auditBody(vips []string) string {
	return vipVariable(vips) + `
data "kirimchat_conversation_summary" "open" {
  status = "open"
  as_of  = plantimestamp()
}

data "kirimchat_conversation_summary" "vips" {
  contact_ids         = var.vip_contact_ids
  waiting_longer_than = "1h"
  as_of               = plantimestamp()
}

check "open_conversations_are_assigned" {
  assert {
    condition     = data.kirimchat_conversation_summary.open.unassigned_count == 0
    error_message = "${data.kirimchat_conversation_summary.open.unassigned_count} open conversation(s) have no assignee."
  }
}

check "nobody_waits_past_24_hours" {
  assert {
    condition     = data.kirimchat_conversation_summary.open.waiting_count == 0
    error_message = "${data.kirimchat_conversation_summary.open.waiting_count} customer(s) have waited more than 24 hours."
  }
}

check "vips_answered_within_an_hour" {
  assert {
    condition     = data.kirimchat_conversation_summary.vips.waiting_count == 0
    error_message = "${data.kirimchat_conversation_summary.vips.waiting_count} VIP customer(s) have waited more than an hour."
  }
}

check "at_most_40_open_per_agent" {
  assert {
    condition     = alltrue([for id, n in data.kirimchat_conversation_summary.open.count_by_assignee : n <= 40])
    error_message = "Some agents have more than 40 open conversations."
  }
}
`
}

// oldAuditBody is the same team audit over the list, as it was written
// before the summary.
func oldAuditBody(vips []string) string {
	return vipVariable(vips) + `
data "kirimchat_conversations" "open" {
  status = "open"
}

locals {
  vip_contact_ids = var.vip_contact_ids
  unassigned      = [for c in data.kirimchat_conversations.open.conversations : c.id if c.assignee == null]
  waiting = [
    for c in data.kirimchat_conversations.open.conversations : c.id
    if c.unread_count > 0 && (c.last_inbound_at == null ? false : timecmp(c.last_inbound_at, timeadd(plantimestamp(), "-24h")) < 0)
  ]
  vips_waiting = [
    for c in data.kirimchat_conversations.open.conversations : c.id
    if contains(local.vip_contact_ids, c.contact.id) && c.unread_count > 0 && (c.last_inbound_at == null ? false : timecmp(c.last_inbound_at, timeadd(plantimestamp(), "-1h")) < 0)
  ]
  open_by_agent = { for c in data.kirimchat_conversations.open.conversations : c.assignee.id => c.id... if c.assignee != null }
}

check "open_conversations_are_assigned" {
  assert {
    condition     = length(local.unassigned) == 0
    error_message = "${length(local.unassigned)} open conversation(s) have no assignee."
  }
}

check "nobody_waits_past_24_hours" {
  assert {
    condition     = length(local.waiting) == 0
    error_message = "${length(local.waiting)} customer(s) have waited more than 24 hours."
  }
}

check "vips_answered_within_an_hour" {
  assert {
    condition     = length(local.vips_waiting) == 0
    error_message = "${length(local.vips_waiting)} VIP customer(s) have waited more than an hour."
  }
}

check "at_most_40_open_per_agent" {
  assert {
    condition     = alltrue([for id, ids in local.open_by_agent : length(ids) <= 40])
    error_message = "Some agents have more than 40 open conversations."
  }
}
`
}

// failedChecks names the checks whose assertion failed in a plan's output.
func failedChecks(out string) string {
	var names []string
	for _, line := range strings.Split(out, "\n") {
		if _, name, ok := strings.Cut(line, `on main.tf line `); ok {
			if _, rest, ok := strings.Cut(name, `check "`); ok {
				name, _, _ = strings.Cut(rest, `"`)
				names = append(names, name)
			}
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return fmt.Sprintf("%d of 4: %s", len(names), strings.Join(names, ", "))
}

// loadAverage is the machine's load over 1, 5 and 15 minutes, as
// /proc/loadavg says ("?" where there is none).
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if fields := strings.Fields(string(raw)); err == nil && len(fields) >= 3 {
		return strings.Join(fields[:3], " ")
	}
	return "?"
}

func pages(n int) int { return (n + kirimchat.DefaultPageSize - 1) / kirimchat.DefaultPageSize }

func mib(bytes int64) float64 { return float64(bytes) / (1 << 20) }

func passFail(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}

func seconds(ds []time.Duration) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = fmt.Sprintf("%.2f", d.Seconds())
	}
	return strings.Join(s, ", ")
}

func counts(ns []int) string {
	if slices.Min(ns) == slices.Max(ns) {
		return fmt.Sprint(ns[0])
	}
	return fmt.Sprintf("%d–%d", slices.Min(ns), slices.Max(ns))
}
