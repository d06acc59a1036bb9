// Command kirimchat-sandbox serves the fake Kirim.chat API on loopback, for
// trying the provider without an account and for testing configurations in
// CI. Each request is logged in one line; SIGINT or SIGTERM stops it cleanly.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// faultFlags collects repeated -fault flags.
type faultFlags []sandbox.Fault

func (f *faultFlags) String() string { return fmt.Sprint(len(*f), " faults") }

func (f *faultFlags) Set(spec string) error {
	fault, err := sandbox.ParseFault(spec)
	if err != nil {
		return err
	}
	*f = append(*f, fault)
	return nil
}

type options struct {
	listen         string
	apiKey         string
	seed           uint64
	conversations  int
	fixture        string
	dumpFixture    string
	readsPerMinute int
	urlFile        string
	faults         faultFlags
	latency        latencyFlag
	asOf           time.Time // zero: the current minute
	asOfText       string    // -as-of as written
	rebase         bool
	record         recordFlags // record.go
	// now is the clock the generated organization is anchored at when
	// -as-of is not given (nil: time.Now); tests set it.
	now func() time.Time
	// The generator's knobs (sandbox.GenerateOptions).
	contacts, agents, whatsAppNumbers int
	statusMix                         statusMixFlag
	unassigned                        float64
}

// latencyFlag is -latency: a sandbox.Latency read by sandbox.ParseLatency.
type latencyFlag struct{ sandbox.Latency }

func (f *latencyFlag) String() string {
	if f.Jitter > 0 {
		return fmt.Sprintf("%s,jitter=%s", f.Base, f.Jitter)
	}
	return f.Base.String()
}

func (f *latencyFlag) Set(spec string) (err error) {
	f.Latency, err = sandbox.ParseLatency(spec)
	return err
}

// statusMixFlag is -status-mix: a sandbox.StatusMix read by
// sandbox.ParseStatusMix.
type statusMixFlag struct{ sandbox.StatusMix }

func (f *statusMixFlag) Set(spec string) (err error) {
	f.StatusMix, err = sandbox.ParseStatusMix(spec)
	return err
}

// checkKnobs refuses generator knobs that cannot make an organization,
// saying why, and warns when a fixture makes them moot.
func checkKnobs(fs *flag.FlagSet, o options, stderr io.Writer) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var knobs []string
	for _, name := range []string{"seed", "conversations", "contacts", "agents", "whatsapp-numbers", "status-mix", "unassigned"} {
		if set[name] {
			knobs = append(knobs, "-"+name)
		}
	}
	if o.record.baseURL != "" {
		warnIgnoredByRecord(set, stderr)
	}
	if o.fixture != "" && len(knobs) > 0 {
		_, _ = fmt.Fprintf(stderr, "warning: %s shape the generated organization, and -fixture serves %s instead: they are ignored\n", strings.Join(knobs, ", "), o.fixture)
	}
	switch {
	case o.conversations < 0:
		return fmt.Errorf("-conversations %d: a number of conversations is 0 or more", o.conversations)
	case set["contacts"] && o.contacts < 1 && o.conversations > 0:
		return fmt.Errorf("-contacts %d: every conversation has a contact, so -contacts is 1 or more (leave it out for about a third of -conversations)", o.contacts)
	case o.contacts < 0:
		return fmt.Errorf("-contacts %d: a number of contacts is 0 or more", o.contacts)
	case o.agents < 0:
		return fmt.Errorf("-agents %d: a number of agents is 0 or more", o.agents)
	case o.agents == 0 && o.unassigned < 1:
		return fmt.Errorf("-agents 0 leaves nobody to assign conversations to, and -unassigned %v assigns some: add -unassigned 1", o.unassigned)
	case o.whatsAppNumbers < 1:
		return fmt.Errorf("-whatsapp-numbers %d: every conversation comes in on a WhatsApp number, so it is 1 or more", o.whatsAppNumbers)
	}
	if err := (sandbox.GenerateOptions{Unassigned: &o.unassigned}).Validate(); err != nil {
		return fmt.Errorf("-unassigned %s", strings.TrimPrefix(err.Error(), "unassigned share: "))
	}
	return nil
}

// clock is the current time: o.now, or time.Now.
func (o options) clock() time.Time {
	if o.now != nil {
		return o.now()
	}
	return time.Now()
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("kirimchat-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8080", "address to listen on; port 0 picks a free port, printed at start")
	fs.StringVar(&o.apiKey, "api-key", sandbox.DefaultAPIKey, "API key the sandbox accepts")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the generated organization (the same seed gives the same data)")
	fs.IntVar(&o.conversations, "conversations", 300, "number of conversations to generate")
	fs.IntVar(&o.contacts, "contacts", 0, "number of contacts the generated conversations are drawn among, and so in the organization (default: about a third of -conversations, and three who never wrote)")
	fs.IntVar(&o.agents, "agents", 6, "number of agents the generated conversations are assigned to (0 needs -unassigned 1)")
	fs.IntVar(&o.whatsAppNumbers, "whatsapp-numbers", 4, "number of WhatsApp numbers the generated conversations come in on; the first carry most, and from 4 on the last is still pending registration (phone_number null)")
	fs.Var(&o.statusMix, "status-mix", "how often each status is generated, as relative weights: open=60,pending=10,resolved=30; a status left out is never generated (default open=50,pending=20,resolved=30)")
	fs.Float64Var(&o.unassigned, "unassigned", 0.2, "share of the generated conversations nobody is assigned to, whatever their status: 0 to 1, in hundredths")
	fs.StringVar(&o.fixture, "fixture", "", "JSON file of a whole organization (see -dump-fixture), or of conversations only, to serve instead of a generated one")
	fs.StringVar(&o.dumpFixture, "dump-fixture", "", "write the organization it would serve to this file, as a fixture, and exit")
	fs.StringVar(&o.asOfText, "as-of", "", "the generator's clock, RFC 3339 (2026-11-01T12:00:00Z): the same -seed, -conversations, knobs and -as-of give a byte-identical organization; "+
		"without it, the current time truncated to the minute (so two dumps a minute apart differ). With -fixture, the as_of of a fixture that has none")
	fs.BoolVar(&o.rebase, "rebase", false, "serve every timestamp shifted by now - as_of (the fixture's as_of, or -as-of), computed at start, so that a window audit (active in the last 24 h, waiting past 24 h) "+
		"gives the same answer on any day; each keeps its written form, undocumented fields are not shifted. A fixture without as_of is refused (give it one with -as-of)")
	fs.IntVar(&o.readsPerMinute, "reads-per-minute", 600, "size of the read rate-limit bucket (600 is the free tier)")
	fs.StringVar(&o.urlFile, "url-file", "", "write the base URL to this file once listening (for scripts)")
	fs.Var(&o.latency, "latency", "hold every answer back this long, as a distant API would: 150ms, or 150ms,jitter=30ms")
	fs.Var(&o.faults, "fault", "inject a fault, e.g. status=429,retry_after=2,skip=3,times=5 or status=503,html (repeatable)")
	o.record.register(fs)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := checkKnobs(fs, o, stderr); err != nil {
		return o, err
	}
	if o.asOfText != "" {
		at, err := time.Parse(time.RFC3339Nano, o.asOfText)
		if err != nil {
			return o, fmt.Errorf("-as-of %q is not an RFC 3339 time such as 2026-11-01T12:00:00Z", o.asOfText)
		}
		o.asOf = at
	}
	host, _, err := net.SplitHostPort(o.listen)
	if err != nil {
		return o, fmt.Errorf("-listen %q: %w", o.listen, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		_, _ = fmt.Fprintf(stderr, "warning: listening on %s, which is not a loopback address\n", host)
	}
	return o, nil
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			log.Print(err)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if o.record.baseURL != "" {
		return record(o, stdout, stderr)
	}
	srv, count, shifted, err := buildServer(o)
	if err != nil {
		return err
	}
	if o.dumpFixture != "" {
		return dumpFixture(srv, o, stdout, stderr)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", o.listen)
	if err != nil {
		return err
	}
	baseURL := fmt.Sprintf("http://%s/v1", ln.Addr())
	if o.urlFile != "" {
		if err := os.WriteFile(o.urlFile, []byte(baseURL+"\n"), 0o600); err != nil {
			return err
		}
	}
	orgID, orgName, _ := srv.OrganizationInfo()
	_, _ = fmt.Fprintf(stdout, "Kirim.chat sandbox: %s (%s), %d conversations at %s (API key %s)\n", orgName, orgID, count, baseURL, o.apiKey)
	if shifted != "" {
		_, _ = fmt.Fprintln(stdout, shifted)
	}

	logger := log.New(stderr, "", log.LstdFlags)
	httpServer := &http.Server{Handler: logRequests(srv, logger), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = httpServer.Shutdown(shutdown)
	}()
	if err := httpServer.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	_, _ = fmt.Fprintln(stdout, "Kirim.chat sandbox stopped")
	return nil
}

func newServer(o options) (*sandbox.Server, int, error) {
	srv, count, _, err := buildServer(o)
	return srv, count, err
}

// buildServer is newServer, and with -rebase what it shifted, to say at
// start.
func buildServer(o options) (*sandbox.Server, int, string, error) {
	// Anchored at -as-of, or at the current time, so that "waiting since"
	// means something.
	now := o.asOf
	if now.IsZero() {
		now = o.clock().UTC().Truncate(time.Minute)
	}
	opts := sandbox.Options{
		APIKeys:        []string{o.apiKey},
		ReadsPerMinute: o.readsPerMinute,
		Latency:        o.latency.Base,
		LatencyJitter:  o.latency.Jitter,
		Generated: sandbox.GenerateOptions{Seed: o.seed, Conversations: o.conversations, Now: now,
			Contacts: o.contacts, Agents: o.agents, WhatsAppNumbers: o.whatsAppNumbers, StatusMix: o.statusMix.StatusMix, Unassigned: &o.unassigned},
	}
	if o.fixture != "" {
		f, err := os.Open(o.fixture)
		if err != nil {
			return nil, 0, "", err
		}
		defer func() { _ = f.Close() }()
		org, err := sandbox.ReadFixture(f)
		if err != nil {
			return nil, 0, "", fmt.Errorf("%s: %w", o.fixture, err)
		}
		if err := fixtureAsOf(&org, o); err != nil {
			return nil, 0, "", err
		}
		opts.Organization = &org
	}
	shifted := ""
	if o.rebase {
		org := opts.Organization
		if org == nil {
			generated := sandbox.GenerateOrganization(opts.Generated)
			org = &generated
		}
		rebased, shift, err := rebase(*org, o)
		if err != nil {
			return nil, 0, "", err
		}
		opts.Organization = &rebased
		shifted = fmt.Sprintf("-rebase: every timestamp shifted by %s, from as_of %s to %s", shift, org.AsOf, rebased.AsOf)
	}
	srv := sandbox.New(opts)
	for _, f := range o.faults {
		srv.AddFault(f)
	}
	return srv, len(srv.Conversations()), shifted, nil
}

// rebase is sandbox.Rebase at the current time, its errors naming the
// fixture and saying how to give it an as_of.
func rebase(org sandbox.Organization, o options) (sandbox.Organization, time.Duration, error) {
	what := "the generated organization"
	if o.fixture != "" {
		what = o.fixture
	}
	if org.AsOf == "" {
		how := `add "as_of": "<when its data was true, such as 2026-11-01T12:00:00Z>" at the top of the file, or pass -as-of TIME`
		if org.Me == nil {
			how = "pass -as-of TIME (when its data was true); a conversations-only fixture cannot hold an as_of, but " +
				"kirimchat-sandbox -fixture " + o.fixture + " -as-of TIME -dump-fixture NEW.json writes it as a whole organization that does"
		}
		return org, 0, fmt.Errorf("-rebase: %s has no as_of, so nothing says how far to shift its timestamps: %s", what, how)
	}
	rebased, shift, err := sandbox.Rebase(org, o.clock())
	if err != nil {
		return org, 0, fmt.Errorf("-rebase: %s: %w", what, err)
	}
	return rebased, shift, nil
}

// fixtureAsOf gives a fixture without as_of the one -as-of says, and refuses
// an -as-of that contradicts the fixture's own.
func fixtureAsOf(org *sandbox.Organization, o options) error {
	switch {
	case o.asOfText == "":
	case org.AsOf == "":
		org.AsOf = o.asOfText
	default:
		if own, err := time.Parse(time.RFC3339Nano, org.AsOf); err != nil || !own.Equal(o.asOf) {
			return fmt.Errorf("%s says as_of %s, and -as-of says %s: leave -as-of out, or change the file's as_of", o.fixture, org.AsOf, o.asOfText)
		}
	}
	return nil
}

// dumpFixture writes the organization srv serves as a whole-organization
// fixture, the file users start their own from. It always writes as_of: a
// fixture served without one gets the current time, the moment whose
// answers it gives (and says so).
func dumpFixture(srv *sandbox.Server, o options, stdout, stderr io.Writer) error {
	fixture, err := srv.Fixture(o.apiKey)
	if err != nil {
		return err
	}
	if fixture.AsOf == "" {
		fixture.AsOf = o.clock().UTC().Truncate(time.Second).Format(time.RFC3339)
		_, _ = fmt.Fprintf(stderr, "note: %s has no as_of, so %s gets the current time, %s: served with -rebase, it keeps the answers it gives today; "+
			"pass -as-of to say when its data was true instead\n", o.fixture, o.dumpFixture, fixture.AsOf)
	}
	data, err := json.MarshalIndent(fixture, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(o.dumpFixture, append(data, '\n'), 0o600); err != nil { //nolint:gosec // the user names the file to write
		return err
	}
	_, _ = fmt.Fprintf(stdout, "wrote %s: %d conversations, %d contacts, %d labels\n", o.dumpFixture,
		len(fixture.Conversations), len(fixture.Contacts), len(fixture.Labels))
	return nil
}

// statusRecorder remembers the status a handler wrote. It unwraps to the
// server's writer (Unwrap), so that http.ResponseController reaches the
// connection through it: the sandbox's reset and cut_body faults hijack the
// connection to drop it, and a recorder that hid http.Hijacker turned them
// into a 200 with an empty body.
type statusRecorder struct {
	http.ResponseWriter
	status int // 0 until the handler writes: a connection dropped unanswered
}

func (r *statusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap is the writer statusRecorder wraps, for http.ResponseController.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests writes one line per request: method, path and query, status
// ("-" when the connection was dropped unanswered), duration and request id.
// Headers (and so the API key) are never logged.
func logRequests(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		began := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		target := r.URL.Path
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		status := "-"
		if rec.status != 0 {
			status = strconv.Itoa(rec.status)
		}
		logger.Printf("%s %s %s %s %s", r.Method, strings.ReplaceAll(target, "\n", ""), status,
			time.Since(began).Round(time.Microsecond), w.Header().Get("X-Request-Id"))
	})
}
