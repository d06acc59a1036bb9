// Package kirimchat is a small client for the Kirim.chat WhatsApp Business
// API, as internal/sandbox/CONTRACT.md describes it (each rule there names
// the code here that implements it). It knows nothing of Terraform: the
// provider plugs its logging in through Config.LogRequest.
package kirimchat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// Defaults for Config fields left at their zero value.
const (
	DefaultBaseURL        = "https://api-kckit.kirim.chat/v1"
	DefaultPageSize       = 100
	DefaultMaxRetries     = 5
	DefaultMaxRetryWait   = 30 * time.Second
	DefaultRequestTimeout = 60 * time.Second
	// DefaultRateLimitBudget bounds how long one read may wait for the
	// organization's rate limit, in all: long enough for ten plans that
	// each read a few thousand conversations to take turns on the free
	// tier's bucket.
	DefaultRateLimitBudget = 5 * time.Minute

	// MaxPageSize and MinPageSize bound the documented `limit` parameter.
	MinPageSize = 1
	MaxPageSize = 100

	// DefaultMaxPages guards against a server that never stops paging:
	// 100,000 pages is ten million rows at the largest page size.
	DefaultMaxPages = 100_000

	// NoRetries, as Config.MaxRetries, sends every request exactly once.
	NoRetries = -1

	// maxBodyBytes bounds every response body read into memory. A full page
	// of 100 conversations is about 60 KiB.
	maxBodyBytes = 16 << 20
)

// Config holds what a Client needs. Zero values take the defaults above.
type Config struct {
	BaseURL   string
	APIKey    string
	UserAgent string

	// PageSize is the `limit` sent with list requests (1–100).
	PageSize int
	// MaxRetries is how many times a failed request is retried; 0 takes the
	// default and NoRetries disables retrying.
	MaxRetries int
	// MaxRetryWait caps any single wait between attempts. A Retry-After longer
	// than this fails the request at once.
	MaxRetryWait time.Duration
	// RequestTimeout bounds one attempt, from connecting to the last body byte.
	RequestTimeout time.Duration
	// RateLimitBudget bounds how long one read (a list's every page, or one
	// lookup) may spend waiting for the organization's rate limit: the
	// pace's waits and 429s' together. Within it a 429 is waited out and
	// not counted against MaxRetries.
	RateLimitBudget time.Duration
	// MaxPages bounds the pages one list call may follow.
	MaxPages int
	// RequestsPerMinute, when set, paces requests at that rate. When zero,
	// the pace adapts to the X-RateLimit-* headers the API sends. Either way
	// the throttle is shared by every client of the same base URL and key.
	RequestsPerMinute int

	// HTTPClient supplies the transport (proxies, TLS). Its Timeout is ignored.
	HTTPClient *http.Client
	// LogRequest, when set, is called once per HTTP attempt.
	LogRequest func(context.Context, RequestLog)
}

// Client talks to the API. It is safe for concurrent use.
type Client struct {
	baseURL    *url.URL
	apiKey     string
	userAgent  string
	pageSize   int
	maxPages   int
	timeout    time.Duration
	budget     time.Duration
	httpClient *http.Client
	retry      retryPolicy
	// keyForms are the key's KeyForms, which clean masks; keyTraces the
	// shortest of them, which no answer may hold.
	keyForms, keyTraces []string
	// sleepFor turns a computed wait into the wait actually slept; tests use it
	// to record waits without sleeping.
	sleepFor func(time.Duration) time.Duration
}

// New checks cfg and builds a Client.
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, errors.New("an API key is required")
	}
	raw := cfg.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	base, err := ParseBaseURL(raw)
	if err != nil {
		return nil, errors.New(Clean(err.Error(), strings.TrimSpace(cfg.APIKey)))
	}
	c := &Client{
		baseURL:   base,
		apiKey:    strings.TrimSpace(cfg.APIKey),
		userAgent: cfg.UserAgent,
		pageSize:  orDefault(cfg.PageSize, DefaultPageSize),
		maxPages:  orDefault(cfg.MaxPages, DefaultMaxPages),
		timeout:   orDefault(cfg.RequestTimeout, DefaultRequestTimeout),
		budget:    orDefault(cfg.RateLimitBudget, DefaultRateLimitBudget),
		retry:     defaultRetryPolicy(),
		keyForms:  KeyForms(strings.TrimSpace(cfg.APIKey)),
		sleepFor:  func(d time.Duration) time.Duration { return d },
	}
	c.keyTraces = shortestForms(c.keyForms)
	if c.pageSize < MinPageSize || c.pageSize > MaxPageSize {
		return nil, fmt.Errorf("page size %d is outside %d–%d", c.pageSize, MinPageSize, MaxPageSize)
	}
	if cfg.RequestsPerMinute < 0 {
		return nil, fmt.Errorf("requests per minute %d is negative", cfg.RequestsPerMinute)
	}
	switch {
	case cfg.MaxRetries == NoRetries:
		c.retry.maxRetries = 0
	case cfg.MaxRetries < 0:
		return nil, fmt.Errorf("max retries %d is negative", cfg.MaxRetries)
	default:
		c.retry.maxRetries = orDefault(cfg.MaxRetries, DefaultMaxRetries)
	}
	c.retry.maxWait = orDefault(cfg.MaxRetryWait, DefaultMaxRetryWait)
	if c.userAgent == "" {
		c.userAgent = "kirimchat-go"
	}

	base0 := cfg.HTTPClient
	if base0 == nil {
		base0 = cleanhttp.DefaultPooledClient()
	}
	transport := base0.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	c.httpClient = &http.Client{
		Transport: &attemptTransport{
			next:     transport,
			throttle: sharedThrottle(base.String(), c.apiKey, cfg.RequestsPerMinute),
			timeout:  c.timeout,
			log:      cfg.LogRequest,
			clean:    c.clean,
		},
		// A redirect is answered as it is, and get refuses it: following it
		// would send the key wherever it points.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Jar:           base0.Jar,
		// No Timeout here: it would count the throttle's wait, which the
		// transport keeps out of each attempt's time.
	}
	return c, nil
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// ParseBaseURL checks an API base URL: absolute, https — or http only to a
// loopback host, so that a key never crosses a network in clear text. A
// trailing slash is dropped.
func ParseBaseURL(raw string) (*url.URL, error) {
	// Messages name the URL by scheme and host only: a path, query or user
	// information may hold a secret, the key itself included.
	shown := DisplayURL(raw)
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("the base URL does not parse as a URL")
	}
	if !u.IsAbs() || u.Host == "" {
		return nil, fmt.Errorf("the base URL %s must be absolute, like %s", shown, DefaultBaseURL)
	}
	if u.User != nil {
		return nil, fmt.Errorf("the base URL %s must not carry user information; the API key has a setting of its own", shown)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("the base URL %s must not have a query or fragment", shown)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("the base URL %s uses plain http to a host that is not loopback; use https (http is accepted only for localhost, 127.0.0.0/8 and ::1)", shown)
		}
	default:
		return nil, fmt.Errorf("the base URL %s must use https", shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ServesLoopback reports whether the client's base URL is a loopback host,
// as the sandbox's is.
func (c *Client) ServesLoopback() bool { return isLoopback(c.baseURL.Hostname()) }

// IsLoopbackURL reports whether raw names a loopback host (the sandbox).
func IsLoopbackURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	return err == nil && isLoopback(u.Hostname())
}

// answer is what is known of the HTTP answer a body came with.
type answer struct {
	status    int
	requestID string
}

func (a answer) contractError(path, where, record, problem string) *ContractError {
	return &ContractError{Path: path, Status: a.status, RequestID: a.requestID, Where: where, Record: record, Problem: problem}
}

// cleaned is err with every text in it that came from the answer (where,
// the record's id, values named in the problem) passed through clean; any
// other error is returned as it is. Every ContractError leaves the client
// through it.
func (c *Client) cleaned(err error) error {
	var ce *ContractError
	if errors.As(err, &ce) {
		ce.Where, ce.Record, ce.Problem, ce.RequestID = c.clean(ce.Where), c.clean(ce.Record), c.clean(ce.Problem), c.clean(ce.RequestID)
	}
	return err
}

// get sends GET path?query, retrying as the policy says, and hands a 2xx
// body to read, the one place where it becomes data. A 3xx, any other
// status, or a body that read refuses is an error.
func (c *Client) get(ctx context.Context, path string, query url.Values, read func(*decoder) error) (answer, error) {
	ctx = withBudget(ctx, c.budget)
	ctx, attempts := withAttemptCounter(ctx)
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, c.endpoint(path, query), nil)
	if err != nil {
		return answer{}, fmt.Errorf("building GET %s: %w", path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)

	buf := bodyBuffers.Get().(*bytes.Buffer) //nolint:forcetypeassert // the pool holds only *bytes.Buffer
	defer bodyBuffers.Put(buf)
	var body []byte
	bodyRead := false
	// Reading the body inside the retry loop makes a connection dropped
	// mid-body a retryable failure like any other.
	req.SetResponseHandler(func(resp *http.Response) error {
		bodyRead = true
		var readErr error
		body, readErr = readBody(resp, buf)
		return readErr
	})

	resp, err := c.retryingClient().Do(req)
	if err != nil {
		if resp != nil && !bodyRead {
			_ = resp.Body.Close()
		}
		return answer{}, c.requestFailure(ctx, path, attempts.n, err)
	}
	if !bodyRead {
		if body, err = readBody(resp, buf); err != nil {
			return answer{}, c.requestFailure(ctx, path, attempts.n, err)
		}
	}
	a := answer{status: resp.StatusCode, requestID: c.clean(resp.Header.Get("X-Request-Id"))}
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode <= 399:
		return a, &RedirectError{Path: path, Status: resp.StatusCode, Target: c.clean(redirectTarget(resp)), RequestID: a.requestID}
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return a, c.apiError(resp, body, attempts.n)
	}
	if problem := c.notAWholeJSONAnswer(resp); problem != "" {
		return a, c.cleaned(a.contractError(path, "", "", problem))
	}
	if err := read(newDecoder(body, c.keyTraces)); err != nil {
		return a, c.refused(path, a, err)
	}
	return a, nil
}

// notAWholeJSONAnswer says why a 2xx is not the API's answer, or "". Every
// endpoint read here answers 200 with application/json: a 206 is a part of
// something, a 204 or 202 nothing yet, and another media type is what a
// proxy, a captive portal or a wrong base_url serves (their pages are not
// to be read as if they were the API's).
func (c *Client) notAWholeJSONAnswer(resp *http.Response) string {
	if resp.StatusCode != http.StatusOK {
		return fmt.Sprintf("comes with HTTP %d %s, not the 200 OK every endpoint read here answers with",
			resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	contentTypes := resp.Header.Values("Content-Type")
	switch {
	case len(contentTypes) == 0 || contentTypes[0] == "":
		return "comes without a Content-Type, not as the application/json the API sends"
	case len(contentTypes) > 1:
		return fmt.Sprintf("comes with %d Content-Type headers; an answer has one", len(contentTypes))
	}
	mediaType, _, err := mime.ParseMediaType(contentTypes[0])
	if err != nil || !jsonMediaType.MatchString(mediaType) {
		return fmt.Sprintf("comes as \"%s\", not as the application/json the API sends (a proxy's or a captive portal's page?)",
			contentTypes[0])
	}
	return ""
}

// jsonMediaType matches application/json and the structured-syntax forms
// of RFC 6839 (application/vnd.example+json), as mime.ParseMediaType
// writes them (in lower case).
var jsonMediaType = regexp.MustCompile(`^application/(json|[a-z0-9][a-z0-9!#$&^_.-]*\+json)$`)

// refused is the error for a 2xx body that read refused.
func (c *Client) refused(path string, a answer, err error) error {
	var inBody *errorMember
	if errors.As(err, &inBody) {
		apiErr := c.envelopeError(a.status, []byte(`{"error":`+string(inBody.value)+`}`), 1)
		if apiErr.RequestID == "" {
			apiErr.RequestID = a.requestID
		}
		apiErr.Message = strings.TrimSpace("the answer carries an error envelope despite its status. " + apiErr.Message)
		return apiErr
	}
	var ce *contractError
	if errors.As(err, &ce) {
		return c.cleaned(a.contractError(path, ce.pointer, ce.record, ce.reason))
	}
	return c.cleaned(a.contractError(path, "", "", err.Error()))
}

// redirectTarget is where a redirect points: its scheme and host, never its
// path or query, which could carry anything.
func redirectTarget(resp *http.Response) string {
	location := resp.Header.Get("Location")
	if location == "" {
		return "nowhere (no Location header)"
	}
	target, err := resp.Request.URL.Parse(location)
	if err != nil || target.Host == "" {
		return "an unreadable Location"
	}
	return target.Scheme + "://" + target.Host
}

func (c *Client) endpoint(path string, query url.Values) string {
	u := *c.baseURL
	u.Path = c.baseURL.Path + path
	u.RawQuery = query.Encode() // percent-encodes the cursor's + / =
	return u.String()
}

// retryingClient builds the retry loop for one call. The loop is per call
// because the policy's wait is decided with the call's context (deadline) in
// hand and then handed to the library's sleep.
func (c *Client) retryingClient() *retryablehttp.Client {
	var next time.Duration
	return &retryablehttp.Client{
		HTTPClient: c.httpClient,
		// The policy counts: maxRetries bounds the retries after 5xx
		// answers and network errors, the budget the ones after 429s.
		RetryMax: math.MaxInt32,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			counter := counterFrom(ctx)
			d := c.retry.decide(ctx, counter.serverRetries, resp, err)
			if d.retry && !d.rateLimited {
				counter.serverRetries++
			}
			next = d.wait
			return d.retry, d.err
		},
		Backoff: func(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
			return c.sleepFor(next)
		},
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
}

func (c *Client) requestFailure(ctx context.Context, path string, attempts int, err error) error {
	var tooLong *RetryWaitTooLongError
	var tooClose *DeadlineTooCloseError
	var spent *RateLimitBudgetError
	switch {
	case errors.As(err, &tooLong):
		tooLong.RequestID = c.clean(tooLong.RequestID)
		return tooLong
	case errors.As(err, &spent):
		spent.RequestID = c.clean(spent.RequestID)
		return spent
	case errors.As(err, &tooClose), errors.Is(err, ErrBodyTooLarge):
		return err
	case ctx.Err() != nil:
		return fmt.Errorf("GET %s: %w", path, ctx.Err())
	}
	// A transport error names the whole URL; the message names the path it
	// was for, and what went wrong, with the key masked.
	cause := err
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		cause = urlErr.Err
	}
	detail := c.clean(cause.Error())
	if strings.Contains(cause.Error(), "failed to parse Location header") {
		// net/http quotes the whole Location; a redirect's path and query
		// are never shown (RedirectError).
		detail = "the answer was a redirect whose Location header does not parse (never followed, and not shown: it may hold anything)"
	}
	reqErr := &RequestError{Method: http.MethodGet, Path: path, Attempts: attempts, Err: err, Detail: detail}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		reqErr.Timeout = c.timeout
	}
	return reqErr
}

func (c *Client) apiError(resp *http.Response, body []byte, attempts int) error {
	apiErr := c.envelopeError(resp.StatusCode, body, attempts)
	if apiErr.Type == "" && apiErr.Code == "" && apiErr.Message == "" {
		apiErr.Message = describeNonJSON(resp, body, c.clean)
	}
	if apiErr.RequestID == "" {
		apiErr.RequestID = c.clean(resp.Header.Get("X-Request-Id"))
	}
	return apiErr
}

// envelopeError reads the documented error envelope from body; what is not
// there stays empty. The server's text is not ours to trust: each field
// passes Clean (the key masked wherever it is echoed back, control
// characters escaped, a long text cut).
func (c *Client) envelopeError(status int, body []byte, attempts int) *APIError {
	apiErr := &APIError{StatusCode: status, Attempts: attempts}
	var envelope struct {
		Error *struct {
			Type      string `json:"type"`
			Code      string `json:"code"`
			Message   string `json:"message"`
			Param     string `json:"param"`
			RequestID string `json:"request_id"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &envelope) == nil && envelope.Error != nil {
		e := envelope.Error
		apiErr.Type, apiErr.Code, apiErr.Message = e.Type, e.Code, e.Message
		apiErr.Param, apiErr.RequestID = e.Param, e.RequestID
		if apiErr.Code == "" && apiErr.Message == "" {
			apiErr.Message = "an error envelope without code or message"
		}
	}
	apiErr.Message = c.clean(apiErr.Message)
	apiErr.Param = c.clean(apiErr.Param)
	apiErr.Type = c.clean(apiErr.Type)
	apiErr.Code = c.clean(apiErr.Code)
	apiErr.RequestID = c.clean(apiErr.RequestID)
	return apiErr
}

// clean is Clean with the client's key: every text from outside passes it
// before it is shown or logged.
func (c *Client) clean(s string) string {
	return cleanWith(s, c.keyForms)
}

func describeNonJSON(resp *http.Response, body []byte, clean func(string) string) string {
	ct := clean(resp.Header.Get("Content-Type"))
	if ct == "" {
		ct = "no content type"
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return fmt.Sprintf("empty response body (%s), not the documented JSON error envelope", ct)
	}
	return fmt.Sprintf("%d-byte response body (%s) that is not the documented JSON error envelope, probably from a proxy or load balancer", len(body), ct)
}

// bodyBuffers recycles the buffers bodies are read into: a drain reads
// hundreds of pages of the same size. Decoding copies what it keeps, so a
// buffer is free again once its call returns.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// readBody reads the whole body into buf, at most maxBodyBytes of it.
func readBody(resp *http.Response, buf *bytes.Buffer) ([]byte, error) {
	defer func() { _ = resp.Body.Close() }()
	buf.Reset()
	if n := resp.ContentLength; n > 0 && n <= maxBodyBytes {
		buf.Grow(int(n))
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, maxBodyBytes+1)); err != nil {
		return nil, err
	}
	if buf.Len() > maxBodyBytes {
		return nil, fmt.Errorf("%w of %d bytes", ErrBodyTooLarge, maxBodyBytes)
	}
	return buf.Bytes(), nil
}
