package provider

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

// These tests call the plan-time validators directly, to see every word of
// their messages; the acceptance tests (TestAcc…FailAtPlan) see them
// through terraform.

func validate(v validator.String, value string) diag.Diagnostics {
	req := validator.StringRequest{Path: path.Root("x"), ConfigValue: types.StringValue(value)}
	var resp validator.StringResponse
	v.ValidateString(context.Background(), req, &resp)
	return resp.Diagnostics
}

// onlyError is the detail of the one error in diags.
func onlyError(t *testing.T, value string, diags diag.Diagnostics) string {
	t.Helper()
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityError {
		t.Fatalf("%q: want one error, got %s", value, diagText(diags))
	}
	return diags[0].Detail()
}

// goLayout is Go's reference time, which no message may show.
var goLayout = regexp.MustCompile(`2006-01-02|15:04:05|Z07:00`)

func TestConversationStatusNamesTheStatusMeant(t *testing.T) {
	const valid = `A conversation status is "open", "resolved" or "pending", in lowercase, exactly as the API writes it.`
	for value, want := range map[string]string{
		"Open":      `The value "Open" is not a conversation status: write "open", in lowercase. ` + valid,
		"RESOLVED":  `The value "RESOLVED" is not a conversation status: write "resolved", in lowercase. ` + valid,
		" open ":    `The value " open " is not a conversation status: write "open", without the surrounding spaces. ` + valid,
		"Pending\t": `The value "Pending\t" is not a conversation status: write "pending", in lowercase and without the surrounding spaces. ` + valid,
		"closed":    `The value "closed" is not a conversation status. ` + valid,
		"":          `The value "" is not a conversation status. ` + valid,
	} {
		if got := onlyError(t, value, validate(conversationStatusValidator(), value)); got != want {
			t.Errorf("%q:\n got %s\nwant %s", value, got, want)
		}
	}
	for _, status := range kirimchat.ConversationStatuses {
		if diags := validate(conversationStatusValidator(), status); len(diags) != 0 {
			t.Errorf("%q refused: %s", status, diagText(diags))
		}
	}
}

// The data source and the ephemeral resource of the same name check status
// with the same validator.
func TestBothConversationsListsCheckTheStatus(t *testing.T) {
	var eph ephemeral.SchemaResponse
	NewConversationsEphemeralResource().Schema(context.Background(), ephemeral.SchemaRequest{}, &eph)
	for name, validators := range map[string][]validator.String{
		"data source":        conversationsSchema().Attributes["status"].(interface{ StringValidators() []validator.String }).StringValidators(),
		"ephemeral resource": eph.Schema.Attributes["status"].(interface{ StringValidators() []validator.String }).StringValidators(),
	} {
		var diags diag.Diagnostics
		for _, v := range validators {
			diags.Append(validate(v, "Open")...)
		}
		if got := onlyError(t, "Open", diags); !strings.Contains(got, `write "open"`) {
			t.Errorf("%s: %s", name, got)
		}
	}
}

func TestPhoneNumbersGetTheirE164Form(t *testing.T) {
	const form = ` must be a phone number in E.164 form, which the API matches exactly: "+", the country code and the ` +
		`number, 7 to 15 digits with nothing between them, such as "+628600598901".`
	for value, hint := range map[string]string{
		// The country is in the value: its E.164 form is certain.
		"+62 812-3456-7890":     ` Write it as "+6281234567890".`,
		"(+62) 812 3456 7890":   ` Write it as "+6281234567890".`,
		"+62.812.3456.7890":     ` Write it as "+6281234567890".`,
		" +6281234567890 ":      ` Write it as "+6281234567890".`,
		"0062 812-3456-7890":    ` Write it as "+6281234567890": "00" is the international prefix that E.164 writes as "+".`,
		"+44 (0)20 7946 0000":   ` Write it as "+442079460000": the "(0)" is dialed only from within the country.`,
		"+62 0812-3456-7890":    ` Write it as "+6281234567890": the 0 after the country code +62 is dialed only from within the country, and E.164 leaves it out.`,
		"+39 06 1234 5678":      ` Write it as "+390612345678".`, // Italian numbers keep their 0
		"+62 812":               ` It has 5 digits after "+".`,
		"+62 812 3456 7890 123": ` It has 16 digits after "+".`,
		// The country is not: say how to write it, never assume one.
		"0812-3456-7890": ` A leading 0 marks a number dialed within its country: replace that 0 with "+" and the country code.` +
			` For a number in Indonesia (+62), that is "+6281234567890".`,
		"081234567890": ` A leading 0 marks a number dialed within its country: replace that 0 with "+" and the country code.` +
			` For a number in Indonesia (+62), that is "+6281234567890".`,
		"0812": ` A leading 0 marks a number dialed within its country: replace that 0 with "+" and the country code.`,
		"+0812 3456 7890": ` After "+" comes the country code, which never starts with 0. If "081234567890" is dialed within` +
			` its country, replace its leading 0 with the country code. For a number in Indonesia (+62), that is "+6281234567890".`,
		"6281234567890": ` It has no "+": if it starts with its country code, write "+6281234567890"; if not, write "+" and` +
			` the country code in front of it.`,
		"812 3456 7890": ` It has no "+": if it starts with its country code, write "+81234567890"; if not, write "+" and` +
			` the country code in front of it. For a number in Indonesia (+62), that is "+6281234567890".`,
		// Nothing to suggest.
		"+62 812 3456 7890 ext. 5": ``,
		"phone":                    ``,
		"++6281234567890":          ``,
	} {
		want := "The value " + quote(value) + form + hint
		if got := onlyError(t, value, validate(phoneValidator(), value)); got != want {
			t.Errorf("%q:\n got %s\nwant %s", value, got, want)
		}
	}
	for _, valid := range []string{"+628600598901", "+1234567", "+123456789012345"} {
		if diags := validate(phoneValidator(), valid); len(diags) != 0 {
			t.Errorf("%q refused: %s", valid, diagText(diags))
		}
	}
}

// A suggested number holds exactly the digits written, but for an
// international prefix or a national 0 that E.164 leaves out: the validator
// never adds a country code of its own to a "Write it as".
func TestAPhoneSuggestionInventsNoDigits(t *testing.T) {
	suggestion := regexp.MustCompile(`Write it as "([^"]+)"`)
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
	}
	for _, value := range []string{"+62 812-3456-7890", "0062 812 3456 7890", "(+62) 812-3456-7890", "+44 (0)20 7946 0000",
		"+62 0812-3456-7890", "0812-3456-7890", "6281234567890", "812-3456-7890", "+1 (555) 010-0199", "00 1 555 010 0199"} {
		detail := onlyError(t, value, validate(phoneValidator(), value))
		m := suggestion.FindStringSubmatch(detail)
		if m == nil {
			continue
		}
		if !kirimchat.PhonePattern.MatchString(m[1]) {
			t.Errorf("%q: the suggestion %s is not E.164", value, m[1])
		}
		// Only an international "00" and one 0 (a "(0)", or a national
		// 0 that E.164 leaves out) may be dropped.
		got, written := digits(m[1]), digits(value)
		ok := false
		for _, w := range []string{written, strings.TrimPrefix(written, "00")} {
			for i := -1; i < len(w); i++ {
				if i == -1 && got == w || i >= 0 && w[i] == '0' && got == w[:i]+w[i+1:] {
					ok = true
				}
			}
		}
		if !ok {
			t.Errorf("%q: the suggestion %s does not hold the digits written", value, m[1])
		}
	}
	for _, national := range []string{"0812-3456-7890", "812 3456 7890", "6281234567890", "+0812 3456 7890"} {
		if detail := onlyError(t, national, validate(phoneValidator(), national)); strings.Contains(detail, "Write it as") {
			t.Errorf("%q: its country is not known, yet: %s", national, detail)
		}
	}
}

func TestDateTimesGetAnExampleMadeFromThem(t *testing.T) {
	for value, want := range map[string]string{
		"2026-11-27": `not an RFC 3339 date-time (want "T" between the date and the time at character 11): a date needs a ` +
			`time and an offset too, such as "2026-11-27T00:00:00Z" for midnight UTC, or "2026-11-27T00:00:00+07:00" for midnight at UTC+07:00`,
		"2026-11-27 08:00:00": `not an RFC 3339 date-time (want "T" between the date and the time at character 11): write ` +
			`"2026-11-27T08:00:00Z" if that time is in UTC, or the time with its offset from UTC, such as "2026-11-27T08:00:00+07:00"`,
		"2026-11-27T08:00:00": `not an RFC 3339 date-time (want "Z" or an offset such as +07:00 after the time at character 20): ` +
			`write "2026-11-27T08:00:00Z" if that time is in UTC, or the time with its offset from UTC, such as "2026-11-27T08:00:00+07:00"`,
		"2026-11-27T08:00:00.250": `not an RFC 3339 date-time (want "Z" or an offset such as +07:00 after the time at character 24): ` +
			`write "2026-11-27T08:00:00.250Z" if that time is in UTC, or the time with its offset from UTC, such as "2026-11-27T08:00:00.250+07:00"`,
		"2026-11-27T08:00Z": `not an RFC 3339 date-time (want ':' at character 17): write "2026-11-27T08:00:00Z"`,
		"2026-11-27 08:00:00+07:00": `not an RFC 3339 date-time (want "T" between the date and the time at character 11): ` +
			`write "2026-11-27T08:00:00+07:00"`,
		"2026-11-27T08:00:00+0700":  `not an RFC 3339 date-time (want ':' at character 23): write "2026-11-27T08:00:00+07:00"`,
		"2026-11-27T08:00:00+07":    `not an RFC 3339 date-time (want ':' at character 23): write "2026-11-27T08:00:00+07:00"`,
		"2026-11-27 08:00:00 UTC":   `not an RFC 3339 date-time (want "T" between the date and the time at character 11): write "2026-11-27T08:00:00Z"`,
		" 2026-11-27T08:00:00Z":     `not an RFC 3339 date-time (want a four-digit year at character 1): write "2026-11-27T08:00:00Z"`,
		"yesterday":                 `not an RFC 3339 date-time (want a four-digit year at character 1); write one such as 2026-11-27T09:30:00Z or 2026-11-27T16:30:00.250+07:00`,
		"2026-13-27":                `not an RFC 3339 date-time (want "T" between the date and the time at character 11); write one such as 2026-11-27T09:30:00Z or 2026-11-27T16:30:00.250+07:00`,
		"2026-11-27T08:00:00+24:00": `not an RFC 3339 date-time (the offset's hour is past 23); write one such as 2026-11-27T09:30:00Z or 2026-11-27T16:30:00.250+07:00`,
	} {
		got := onlyError(t, value, validate(timestampValidator{}, value))
		if got != "The value "+quote(value)+" is "+want+"." {
			t.Errorf("%q:\n got %s\nwant The value %s is %s.", value, got, quote(value), want)
		}
		if goLayout.MatchString(got) {
			t.Errorf("%q: the message shows Go's layout: %s", value, got)
		}
		for _, example := range regexp.MustCompile(`"(\d{4}-[^"]+)"`).FindAllStringSubmatch(strings.TrimPrefix(got, "The value "+quote(value)), -1) {
			if _, err := kirimchat.ParseTimestamp(example[1]); err != nil {
				t.Errorf("%q: the example %s is refused: %v", value, example[1], err)
			}
		}
		// A value known only at apply is refused by the read with the same words.
		_, err := conversationsArguments{LastMessageAfter: types.StringValue(value)}.options()
		if err == nil || err.Error() != "last_message_after is "+quote(value)+", "+want {
			t.Errorf("%q at apply: %v", value, err)
		}
	}
	for _, valid := range []string{"2026-11-27T08:00:00Z", "2026-11-27t08:00:00.5z", "2026-11-27T08:00:00+07:00"} {
		if diags := validate(timestampValidator{}, valid); len(diags) != 0 {
			t.Errorf("%q refused: %s", valid, diagText(diags))
		}
	}
}

func TestBaseURLMessagesSayWhatToAdd(t *testing.T) {
	type want struct{ err, warning string }
	for value, w := range map[string]want{
		"api-kckit.kirim.chat/v1": {err: `it has no scheme: write "https://" in front of it: https://api-kckit.kirim.chat/v1`},
		"api-kckit.kirim.chat": {err: `it has no scheme: write "https://" in front of it and "/v1" after the host ` +
			`(the API serves under /v1): https://api-kckit.kirim.chat/v1`},
		"//api-kckit.kirim.chat/v1": {err: `it has no scheme: write "https:" in front of it: https://api-kckit.kirim.chat/v1`},
		"127.0.0.1:8080/v1": {err: `it has no scheme: write "http://" in front of it: http://127.0.0.1:8080/v1 (plain http ` +
			`is accepted for loopback hosts such as the sandbox's; write "https://" if the server there speaks TLS)`},
		"localhost:8080": {err: `it has no scheme: write "http://" in front of it and "/v1" after the host (the API serves ` +
			`under /v1): http://localhost:8080/v1 (plain http is accepted for loopback hosts such as the sandbox's; write ` +
			`"https://" if the server there speaks TLS)`},
		"http://api-kckit.kirim.chat/v1": {err: `the base URL http://api-kckit.kirim.chat/… (the rest not shown) uses plain ` +
			`http to a host that is not loopback; use https (http is accepted only for localhost, 127.0.0.0/8 and ::1); ` +
			`write https://api-kckit.kirim.chat/v1`},
		"http://api-kckit.kirim.chat": {err: `the base URL http://api-kckit.kirim.chat uses plain http to a host that is not ` +
			`loopback; use https (http is accepted only for localhost, 127.0.0.0/8 and ::1); write ` +
			`https://api-kckit.kirim.chat/v1, with "/v1" after the host (the API serves under /v1)`},
		// A path other than /v1 may hold a secret: never shown.
		"proxy.example.com/s3cr3t/v1": {err: `it has no scheme: write "https://" in front of it: https://proxy.example.com/… (the rest not shown)`},
		"https://user:s3cr3t@api-kckit.kirim.chat/v1": {err: `the base URL https://api-kckit.kirim.chat/… (the rest not ` +
			`shown) must not carry user information; the API key has a setting of its own`},
		// Accepted, as before; without a path, with a warning.
		"https://api-kckit.kirim.chat": {warning: `https://api-kckit.kirim.chat, has no path, but the Kirim.chat API serves ` +
			`under /v1: requests would go to https://api-kckit.kirim.chat/conversations, where the API has no endpoints. ` +
			`Add /v1: https://api-kckit.kirim.chat/v1. (A proxy that serves the API at its root needs no /v1; then ignore this warning.)`},
		"http://127.0.0.1:8080/": {warning: `http://127.0.0.1:8080, has no path, but the Kirim.chat API serves under /v1: ` +
			`requests would go to http://127.0.0.1:8080/conversations, where the API has no endpoints. Add /v1: ` +
			`http://127.0.0.1:8080/v1. (A proxy that serves the API at its root needs no /v1; then ignore this warning.)`},
		"https://api-kckit.kirim.chat/v1":   {},
		"http://127.0.0.1:8080/v1":          {},
		"http://[::1]:8080/v1/":             {},
		"https://proxy.example.com/kirim":   {},
		" https://api-kckit.kirim.chat/v1 ": {},
	} {
		for _, source := range []string{"the base_url provider attribute", "the KIRIMCHAT_BASE_URL environment variable"} {
			var got diag.Diagnostics
			if strings.HasPrefix(source, "the base_url") {
				got = validate(baseURLValidator{}, value)
			} else {
				t.Setenv("KIRIMCHAT_BASE_URL", value)
				_, got = clientConfig(providerModel{APIKey: types.StringValue("kdv_live_AAAAAAAAAAAAAAAAAAAAAAAA")})
			}
			var expected diag.Diagnostics
			if w.err != "" {
				expected.AddError("Invalid Kirim.chat base URL", "The value of "+source+" is not usable: "+w.err+".")
			}
			if w.warning != "" {
				expected.AddWarning("Kirim.chat base URL without /v1", "The value of "+source+", "+w.warning)
			}
			if !got.Equal(expected) {
				t.Errorf("%q from %s:\n got %s\nwant %s", value, source, diagText(got), diagText(expected))
			}
			if strings.Contains(diagText(got), "s3cr3t") {
				t.Errorf("%q: a secret in the URL is shown: %s", value, diagText(got))
			}
		}
	}
}

// The attribute's warning comes from its validator, which runs before
// Configure on the same value: Configure does not repeat it.
func TestConfigureDoesNotRepeatTheBaseURLValidatorsWarning(t *testing.T) {
	_, diags := clientConfig(providerModel{APIKey: types.StringValue("kdv_live_AAAAAAAAAAAAAAAAAAAAAAAA"),
		BaseURL: types.StringValue("https://api-kckit.kirim.chat")})
	if len(diags) != 0 {
		t.Errorf("want no diagnostics, got %s", diagText(diags))
	}
}

// The key is masked in the message of a URL from the environment.
func TestABaseURLMessageMasksTheKey(t *testing.T) {
	const key = "kdv_live_S3cr3tK3yS3cr3tK3yS3cr3t"
	t.Setenv("KIRIMCHAT_BASE_URL", key+".example.com")
	_, diags := clientConfig(providerModel{APIKey: types.StringValue(key)})
	if text := diagText(diags); strings.Contains(text, key) || !strings.Contains(text, kirimchat.Redacted) {
		t.Errorf("the key is not masked: %s", text)
	}
}

// quote is a value as the messages quote it.
func quote(s string) string { return strconv.Quote(s) }
