package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

// addReadError turns a read's error into one diagnostic: what failed, what
// the API said (status, code, message, request id) and what to do about it,
// with the key masked (an error can carry text from anywhere: the server, a
// panic while converting its answer).
func (d *providerData) addReadError(ctx context.Context, diags *diag.Diagnostics, summary string, err error) {
	if interrupted := interruption(ctx); interrupted != nil {
		err = interrupted
	}
	detail := readErrorDetail(err)
	var badAnswer *kirimchat.ContractError
	if errors.As(err, &badAnswer) && d.client != nil && d.client.ServesLoopback() {
		detail += "\n\n" + fixtureAdvice
	}
	diags.AddError(summary, d.mask(detail))
}

// fixtureAdvice is what a contract error means on a loopback base URL: most
// likely the sandbox, serving a fixture someone wrote.
const fixtureAdvice = "The base URL is a loopback address, as the sandbox's is. If it serves a fixture " +
	"(kirimchat-sandbox -fixture FILE), the answer came from that file: check the record and field named above in it. " +
	"The sandbox checks a fixture against fixture.schema.json when it loads; the provider reads more strictly still " +
	"(control characters, repeated names, invalid UTF-8, the API key in a value)."

func readErrorDetail(err error) string {
	var (
		apiErr      *kirimchat.APIError
		tooLong     *kirimchat.RetryWaitTooLongError
		tooClose    *kirimchat.DeadlineTooCloseError
		reqErr      *kirimchat.RequestError
		pageErr     *kirimchat.PaginationError
		badAnswer   *kirimchat.ContractError
		redirect    *kirimchat.RedirectError
		interrupted *InterruptedError
		budget      *kirimchat.RateLimitBudgetError
		noContact   *kirimchat.UnknownContactError
	)
	switch {
	case errors.As(err, &noContact):
		return fmt.Sprintf("%s.\n\nCheck the id in contact_id or contact_ids: a typo, a deleted contact, or one of "+
			"another organization (a key reads only its own). A filter over a contact that does not exist lists "+
			"nothing, and an audit over nothing would pass, so the read fails instead.", err)
	case errors.As(err, &apiErr):
		return apiErrorDetail(apiErr)
	case errors.As(err, &tooLong):
		return fmt.Sprintf("%s.\n\nThe API asked to wait %s before the next attempt, longer than max_retry_wait (%s), "+
			"so the read stopped instead of waiting. Raise max_retry_wait (or KIRIMCHAT_MAX_RETRY_WAIT) above %s, "+
			"or run again later; the organization's rate limit is shared by every client using its keys.",
			tooLong, tooLong.Asked, tooLong.Cap, tooLong.Asked)
	case errors.As(err, &budget):
		return fmt.Sprintf("%s.\n\nThe organization's read rate limit is shared by every plan, CI job, workspace and "+
			"script using its keys; this read took its turns for %s and then stopped. Raise rate_limit_budget "+
			"(or KIRIMCHAT_RATE_LIMIT_BUDGET), run fewer plans at once, or read less (last_message_after, "+
			"max_results on a list, fewer contact_ids on a summary).", budget, budget.Spent.Round(time.Second))
	case errors.As(err, &tooClose):
		return fmt.Sprintf("%s.\n\nThe operation's deadline leaves no time for another attempt.", tooClose)
	case errors.As(err, &reqErr) && reqErr.TimedOut():
		return fmt.Sprintf("%s.\n\nEvery attempt ran out of time. Raise request_timeout (or KIRIMCHAT_REQUEST_TIMEOUT), "+
			"or max_retries if the API is only slow at times.", reqErr)
	case errors.As(err, &reqErr):
		return fmt.Sprintf("%s.\n\nNo usable answer reached the provider. Check base_url, the network, and any proxy "+
			"(HTTPS_PROXY) or custom certificate authority (SSL_CERT_FILE) between here and the API.", reqErr)
	case errors.As(err, &pageErr):
		return fmt.Sprintf("%s.\n\nThe API's pages did not form a sequence that can be followed safely, so the read "+
			"stopped rather than loop or return partial data. Try again; if it persists, report it to Kirim.chat "+
			"with the request id.", pageErr)
	case errors.As(err, &badAnswer):
		return fmt.Sprintf("%s.\n\nThe answer does not match the API's documented contract, so the read failed "+
			"whole rather than store a guess (nothing of it reaches the state). Check that base_url points at the "+
			"Kirim.chat API; if it does and this persists, report it to Kirim.chat with the request id.", badAnswer)
	case errors.As(err, &redirect):
		return fmt.Sprintf("%s.\n\nThe endpoints the provider reads never redirect, so base_url may point at a proxy "+
			"or an old address. Set base_url to the API's own address (the default is %s).", redirect, kirimchat.DefaultBaseURL)
	case errors.As(err, &interrupted):
		return fmt.Sprintf("%s: the request in flight was abandoned and no other was sent. Terraform stops too; "+
			"run it again to read.", interrupted)
	case errors.Is(err, context.Canceled):
		return "The read was cancelled before it finished (for example, Terraform was interrupted)."
	case errors.Is(err, context.DeadlineExceeded):
		return "The operation's deadline passed before the read finished."
	}
	return err.Error() + "."
}

func apiErrorDetail(e *kirimchat.APIError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The Kirim.chat API answered HTTP %d", e.StatusCode)
	if e.Type != "" || e.Code != "" {
		fmt.Fprintf(&b, " with type \"%s\" and code \"%s\"", e.Type, e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", strings.TrimSuffix(e.Message, "."))
	}
	b.WriteString(".")
	if e.Param != "" {
		fmt.Fprintf(&b, "\nParameter: %s", e.Param)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "\nRequest ID: %s (quote it to Kirim.chat support)", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, "\nAttempts: %d", e.Attempts)
	}
	if advice := adviceFor(e); advice != "" {
		b.WriteString("\n\n" + advice)
	}
	return b.String()
}

func adviceFor(e *kirimchat.APIError) string {
	switch {
	case e.StatusCode == 401 && e.Code == "expired_api_key":
		return "The API key has expired. Create a new key in the Kirim.chat dashboard and set it in api_key or KIRIMCHAT_API_KEY."
	case e.StatusCode == 401:
		return "The API key is invalid or has been revoked. Check api_key or KIRIMCHAT_API_KEY (a live key starts with kdv_live_), " +
			"or create a new key in the Kirim.chat dashboard."
	case e.StatusCode == 403:
		return "The key is valid but not allowed to do this: the organization's plan may not include it, or the organization " +
			"may be suspended. Check the plan and billing status in the Kirim.chat dashboard."
	case e.StatusCode == 429:
		return "The organization's read rate limit was exhausted, and the answers named no wait (Retry-After or " +
			"X-RateLimit-Reset) to take a turn by, so they were retried like server errors, at most max_retries times " +
			"(none when it is 0). The limit is shared by every plan, data source and script using the organization's " +
			"keys: run fewer at once (-parallelism), raise max_retries, or try again in a minute."
	case e.Code == "invalid_cursor":
		return "The API refused a pagination cursor it had issued. Run again; the read starts from the first page."
	case e.StatusCode >= 500:
		return "Kirim.chat had a server-side problem that outlasted the retries. Try again later; if it persists, " +
			"report it to Kirim.chat with the request id."
	}
	return ""
}
