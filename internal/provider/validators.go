package provider

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

// durationBounds is the accepted range of a Go duration setting ("30s", "2m").
type durationBounds struct{ min, max time.Duration }

func (b durationBounds) parse(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil {
		return 0, fmt.Errorf("is %q, which is not a duration such as \"30s\" or \"2m\"%s", raw, inHours(raw))
	}
	if d < b.min || d > b.max {
		return 0, fmt.Errorf("is %s; it must be between %s and %s", shortDuration(d), shortDuration(b.min), shortDuration(b.max))
	}
	return d, nil
}

// inHours suggests, for a number of days ("1d", "7d"), which durations do
// not have, the same time in hours.
func inHours(raw string) string {
	days, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(raw), "d"))
	if err != nil || !strings.HasSuffix(strings.TrimSpace(raw), "d") || days < 0 || days > 36500 {
		return ""
	}
	return fmt.Sprintf(" (durations have no days: write \"%dh\")", 24*days)
}

// shortDuration writes whole minutes and hours the way people do: "1m", "1h".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// durationValidator checks a duration attribute at plan time.
type durationValidator struct{ bounds durationBounds }

func (v durationValidator) Description(context.Context) string {
	return fmt.Sprintf("a duration between %s and %s, such as \"30s\"", shortDuration(v.bounds.min), shortDuration(v.bounds.max))
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := v.bounds.parse(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration", "The value "+err.Error()+".")
	}
}

// baseURLValidator applies the client's own rules for a base URL at plan time
// (kirimchat.ParseBaseURL), with baseURLDiagnostics' messages.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "an absolute https URL ending in /v1 (plain http only for loopback hosts)"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	// Not attribute diagnostics: terraform would print the configuration's
	// base_url line beside them, and a URL may hold a secret (the messages
	// show its path only when it is empty or /v1).
	resp.Diagnostics.Append(baseURLDiagnostics(req.ConfigValue.ValueString(), baseURLSetting.source(false), "")...)
}

// baseURLDiagnostics is the one place that judges a base URL for the
// provider and says how to fix it: the base_url validator at plan time, and
// clientConfig for KIRIMCHAT_BASE_URL, which no validator sees. What is
// accepted is the client's rule (kirimchat.ParseBaseURL); this adds the fix
// to a refusal, and warns of an accepted URL without a path, whose requests
// miss the API's /v1 (a proxy may serve it elsewhere, so that is a warning).
// source names where the URL came from; apiKey is masked in the messages.
func baseURLDiagnostics(raw, source, apiKey string) diag.Diagnostics {
	var diags diag.Diagnostics
	problem, warning := checkBaseURL(raw)
	if problem != "" {
		diags.AddError("Invalid Kirim.chat base URL",
			kirimchat.Redact(fmt.Sprintf("The value of %s is not usable: %s.", source, problem), apiKey))
	}
	if warning != "" {
		diags.AddWarning("Kirim.chat base URL without /v1",
			kirimchat.Redact(fmt.Sprintf("The value of %s, %s", source, warning), apiKey))
	}
	return diags
}

// apiPath is the path the Kirim.chat API serves under.
const apiPath = "/v1"

// checkBaseURL is what is wrong with a base URL and how to fix it, or what
// is likely wrong with an accepted one; both empty for a good one.
func checkBaseURL(raw string) (problem, warning string) {
	trimmed := strings.TrimSpace(raw)
	base, err := kirimchat.ParseBaseURL(trimmed)
	if err == nil {
		if base.Path != "" {
			return "", ""
		}
		fixed := *base
		fixed.Path = apiPath
		return "", fmt.Sprintf("%s, has no path, but the Kirim.chat API serves under %s: requests would go to %s, "+
			"where the API has no endpoints. Add %s: %s. (A proxy that serves the API at its root needs no %s; "+
			"then ignore this warning.)", shownURL(base), apiPath, shownURL(base)+"/conversations", apiPath,
			shownURL(&fixed), apiPath)
	}
	// Without a scheme, a URL does not parse as absolute: the likely fix is
	// the scheme (http for a loopback host, where the sandbox serves plain
	// http), and /v1 if the path is empty too.
	if !strings.Contains(trimmed, "://") {
		scheme, hostAndPath := "https", strings.TrimPrefix(trimmed, "//")
		if kirimchat.IsLoopbackURL("http://" + hostAndPath) {
			scheme = "http"
		}
		if fixed, added, ok := fixBaseURL(scheme + "://" + hostAndPath); ok {
			prefix := scheme + "://"
			if hostAndPath != trimmed {
				prefix = scheme + ":"
			}
			if added {
				fixed = fmt.Sprintf(` and "%s" after the host (the API serves under %s): %s`, apiPath, apiPath, fixed)
			} else {
				fixed = ": " + fixed
			}
			how := fmt.Sprintf(`it has no scheme: write "%s" in front of it%s`, prefix, fixed)
			if scheme == "http" {
				how += ` (plain http is accepted for loopback hosts such as the sandbox's; write "https://" if the server there speaks TLS)`
			}
			return how, ""
		}
		return err.Error(), ""
	}
	// Plain http to a host that is not loopback: the fix is https.
	if u, perr := url.Parse(trimmed); perr == nil && strings.EqualFold(u.Scheme, "http") {
		if fixed, added, ok := fixBaseURL("https" + trimmed[len(u.Scheme):]); ok {
			if added {
				fixed += fmt.Sprintf(`, with "%s" after the host (the API serves under %s)`, apiPath, apiPath)
			}
			return fmt.Sprintf("%s; write %s", err, fixed), ""
		}
	}
	return err.Error(), ""
}

// fixBaseURL is candidate as the client accepts it, with /v1 added to an
// empty path (added says so), as shown in a message.
func fixBaseURL(candidate string) (fixed string, added, ok bool) {
	u, err := kirimchat.ParseBaseURL(candidate)
	if err != nil {
		return "", false, false
	}
	if u.Path == "" {
		u.Path, added = apiPath, true
	}
	return shownURL(u), added, true
}

// shownURL is a base URL as a message may show it: whole when its path is
// empty or /v1, else its scheme and host only, as kirimchat.DisplayURL
// shows it (another path may hold a secret).
func shownURL(u *url.URL) string {
	if u.Path == "" || u.Path == apiPath {
		return u.Scheme + "://" + u.Host + u.Path
	}
	return kirimchat.DisplayURL(u.String())
}

// timestampValidator checks at plan time that a value is an RFC 3339
// date-time, read as the client reads the API's (kirimchat.ParseTimestamp).
type timestampValidator struct{}

func (timestampValidator) Description(context.Context) string {
	return "an RFC 3339 date-time, such as " + kirimchat.TimestampExample
}

func (v timestampValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (timestampValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := timestampProblem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid date-time",
			fmt.Sprintf("The value %q is %s.", req.ConfigValue.ValueString(), problem))
	}
}

// looseTimestamp is what people write for a date-time that RFC 3339 does
// not take: a date alone, a space for the "T", no seconds, no offset, "UTC"
// for "Z", an offset without its colon or minutes.
var looseTimestamp = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:(?:[Tt]|\s+)(\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?\s*` +
	`(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$`)

// timestampProblem says why s is not a date-time that
// kirimchat.ParseTimestamp reads, and how to write it, with an example made
// from s where one can be; "" when s is one. It reads after "is": "not an
// RFC 3339 date-time (…): write …".
func timestampProblem(s string) string {
	_, err := kirimchat.ParseTimestamp(s)
	if err == nil {
		return ""
	}
	var terr *kirimchat.TimestampError
	m := looseTimestamp.FindStringSubmatch(strings.TrimSpace(s))
	if !errors.As(err, &terr) || m == nil {
		return err.Error()
	}
	date, clock, seconds, offset := m[1], m[2], m[3], m[4]
	if clock == "" {
		clock = "00:00"
	}
	if seconds == "" {
		seconds = ":00"
	}
	switch {
	case offset == "":
	case strings.ContainsAny(offset, "+-"):
		offset = offset[:3] + ":" + strings.TrimPrefix(offset[3:], ":")
		if len(offset) == 4 {
			offset += "00"
		}
	default:
		offset = "Z"
	}
	at := date + "T" + clock + seconds
	example := func(offset string) string {
		if _, err := kirimchat.ParseTimestamp(at + offset); err != nil {
			return ""
		}
		return fmt.Sprintf("%q", at+offset)
	}
	inUTC, inJakarta := example("Z"), example("+07:00")
	what := "not an RFC 3339 date-time (" + terr.Reason + "): "
	switch {
	case inUTC == "" || (offset != "" && example(offset) == ""):
		// The date, the time or the offset itself is wrong: nothing to
		// suggest from it.
		return err.Error()
	case offset != "":
		return what + "write " + example(offset)
	case m[2] == "":
		return what + "a date needs a time and an offset too, such as " + inUTC + " for midnight UTC, or " +
			inJakarta + " for midnight at UTC+07:00"
	default:
		return what + "write " + inUTC + " if that time is in UTC, or the time with its offset from UTC, such as " + inJakarta
	}
}

// conversationStatusValidator checks a conversation status at plan time:
// one of kirimchat.ConversationStatuses, exactly, as the API matches it. A
// value that is one of them but for its case or surrounding spaces is
// refused with the status it most likely means.
func conversationStatusValidator() validator.String { return statusValidator{} }

type statusValidator struct{}

func (statusValidator) Description(context.Context) string {
	return "one of " + orList(kirimchat.ConversationStatuses) + ", in lowercase"
}

func (v statusValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (statusValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := statusProblem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid conversation status", problem)
	}
}

// statusProblem says why s is not a conversation status, and which one it
// likely means; "" when it is one.
func statusProblem(s string) string {
	statuses := kirimchat.ConversationStatuses
	if slices.Contains(statuses, s) {
		return ""
	}
	valid := fmt.Sprintf("A conversation status is %s, in lowercase, exactly as the API writes it.", orList(statuses))
	trimmed := strings.TrimSpace(s)
	for _, status := range statuses {
		if !strings.EqualFold(trimmed, status) {
			continue
		}
		var how string
		switch trimmed {
		case status:
			how = ", without the surrounding spaces"
		case s:
			how = ", in lowercase"
		default:
			how = ", in lowercase and without the surrounding spaces"
		}
		return fmt.Sprintf("The value %q is not a conversation status: write %q%s. %s", s, status, how, valid)
	}
	return fmt.Sprintf("The value %q is not a conversation status. %s", s, valid)
}

// orList writes values as `"a", "b" or "c"`.
func orList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

// phoneValidator checks at plan time that a phone number is in the E.164
// form the API matches exactly (kirimchat.PhonePattern); a number written
// another way is refused with its E.164 form where that is certain, and
// with how to write it where it is not (a number without its country code).
func phoneValidator() validator.String { return e164Validator{} }

type e164Validator struct{}

func (e164Validator) Description(context.Context) string {
	return "a phone number in E.164 form, such as " + phoneExample
}

func (v e164Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (e164Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := phoneProblem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid phone number", problem)
	}
}

// phoneExample is a phone number in E.164 form: a contact of the default
// sandbox.
const phoneExample = "+628600598901"

// Indonesia's country code, for examples: Kirim.chat's home, and so the
// likeliest, but only ever named as an example, never assumed.
const exampleCountry, exampleCountryCode = "Indonesia", "62"

// zeroKeepingCodes are the country codes whose numbers keep a leading 0
// after the country code in E.164: Italy, San Marino, the Vatican, and Côte
// d'Ivoire since 2021.
var zeroKeepingCodes = []string{"39", "378", "379", "225"}

// phoneProblem says why s is not a phone number in E.164 form, and how to
// write it; "" when it is one.
func phoneProblem(s string) string {
	if kirimchat.PhonePattern.MatchString(s) {
		return ""
	}
	problem := fmt.Sprintf(`The value %q must be a phone number in E.164 form, which the API matches exactly: "+", `+
		`the country code and the number, 7 to 15 digits with nothing between them, such as %q.`, s, phoneExample)
	n, ok := readPhone(s)
	if !ok {
		return problem
	}
	inExampleCountry := func(national string) string {
		if e164 := "+" + exampleCountryCode + national; kirimchat.PhonePattern.MatchString(e164) {
			return fmt.Sprintf(" For a number in %s (+%s), that is %q.", exampleCountry, exampleCountryCode, e164)
		}
		return ""
	}
	e164 := "+" + n.digits
	switch {
	case n.international && n.zeroAfterCode && !n.trunkZero && !slices.Contains(zeroKeepingCodes, n.code) &&
		kirimchat.PhonePattern.MatchString("+"+n.code+n.digits[len(n.code)+1:]):
		return problem + fmt.Sprintf(` Write it as %q: the 0 after the country code +%s is dialed only from within `+
			"the country, and E.164 leaves it out.", "+"+n.code+n.digits[len(n.code)+1:], n.code)
	case n.international && kirimchat.PhonePattern.MatchString(e164):
		problem += fmt.Sprintf(" Write it as %q", e164)
		switch {
		case n.doubleZero:
			problem += `: "00" is the international prefix that E.164 writes as "+"`
		case n.trunkZero:
			problem += `: the "(0)" is dialed only from within the country`
		}
		return problem + "."
	case n.international && strings.HasPrefix(n.digits, "0"):
		return problem + ` After "+" comes the country code, which never starts with 0. If ` + fmt.Sprintf("%q", n.digits) +
			" is dialed within its country, replace its leading 0 with the country code." + inExampleCountry(n.digits[1:])
	case n.international:
		return problem + fmt.Sprintf(` It has %d digits after "+".`, len(n.digits))
	case strings.HasPrefix(n.digits, "0"):
		return problem + ` A leading 0 marks a number dialed within its country: replace that 0 with "+" and the ` +
			"country code." + inExampleCountry(n.digits[1:])
	case kirimchat.PhonePattern.MatchString(e164):
		problem += fmt.Sprintf(` It has no "+": if it starts with its country code, write %q; if not, write "+" `+
			"and the country code in front of it.", e164)
		if strings.HasPrefix(n.digits, exampleCountryCode) {
			return problem
		}
		return problem + inExampleCountry(n.digits)
	}
	return problem
}

// phoneNumber is a phone number read leniently: its digits, and how it was
// written.
type phoneNumber struct {
	digits string
	// international: written with "+" or "00" in front; doubleZero: with "00".
	international, doubleZero bool
	// trunkZero: an international number with "(0)" after the country code,
	// the national prefix that E.164 leaves out.
	trunkZero bool
	// code is the country code when it was written apart from the rest
	// ("+62 0812…"), and zeroAfterCode says the rest starts with 0.
	code          string
	zeroAfterCode bool
}

// readPhone reads a phone number written with the separators people use
// (spaces, "-", ".", "/", parentheses) and a leading "+" or "00"; false for
// anything else (letters, a "+" elsewhere, no digits).
func readPhone(s string) (phoneNumber, bool) {
	var n phoneNumber
	s = strings.TrimSpace(s)
	rest := strings.TrimLeft(s, "( ")
	if strings.HasPrefix(rest, "+") {
		n.international = true
		s = strings.Replace(s, "+", "", 1)
	}
	if n.international || strings.HasPrefix(rest, "00") {
		if before, after, found := strings.Cut(s, "(0)"); found && strings.ContainsFunc(before, unicode.IsDigit) {
			n.trunkZero, s = true, before+" "+after
		}
	}
	var groups []string
	var group strings.Builder
	for _, r := range s + " " {
		switch {
		case r >= '0' && r <= '9':
			group.WriteRune(r)
		case unicode.IsSpace(r) || strings.ContainsRune("-./()\u2010\u2011\u2012\u2013", r):
			if group.Len() > 0 {
				groups = append(groups, group.String())
				group.Reset()
			}
		default:
			return phoneNumber{}, false
		}
	}
	if len(groups) == 0 {
		return phoneNumber{}, false
	}
	if !n.international && strings.HasPrefix(groups[0], "00") {
		n.international, n.doubleZero = true, true
		groups[0] = groups[0][2:]
	}
	n.digits = strings.Join(groups, "")
	if n.international && len(groups) > 1 && len(groups[0]) >= 1 && len(groups[0]) <= 3 && groups[0][0] != '0' {
		n.code, n.zeroAfterCode = groups[0], strings.HasPrefix(groups[1], "0")
	}
	return n, true
}

// contactIDValidator checks a contact id at plan time.
func contactIDValidator() validator.String {
	return stringvalidator.RegexMatches(kirimchat.ContactIDPattern,
		"must be a contact id: ctc_ followed by 26 Crockford base32 characters")
}
