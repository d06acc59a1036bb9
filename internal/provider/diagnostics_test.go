package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

func TestReadErrorDetailGivesTheFactsAndTheAdvice(t *testing.T) {
	for name, tc := range map[string]struct {
		err  error
		want []string
	}{
		"invalid key": {
			&kirimchat.APIError{StatusCode: 401, Type: "authentication_error", Code: "invalid_api_key", Message: "The API key is not valid.", RequestID: "req_A"},
			[]string{`HTTP 401 with type "authentication_error" and code "invalid_api_key": The API key is not valid.`, "Request ID: req_A", "invalid or has been revoked", "KIRIMCHAT_API_KEY"},
		},
		"expired key": {
			&kirimchat.APIError{StatusCode: 401, Type: "authentication_error", Code: "expired_api_key", RequestID: "req_B"},
			[]string{"expired_api_key", "req_B", "The API key has expired"},
		},
		"forbidden": {
			&kirimchat.APIError{StatusCode: 403, Type: "permission_error", Code: "permission_error", Message: "Plan limit", RequestID: "req_C"},
			[]string{"HTTP 403", "req_C", "plan", "suspended"},
		},
		"rate limited": {
			&kirimchat.APIError{StatusCode: 429, Type: "rate_limit_error", Code: "rate_limit_exceeded", RequestID: "req_D", Attempts: 6},
			[]string{"HTTP 429", "req_D", "Attempts: 6", "-parallelism", "max_retries"},
		},
		"the rate-limit budget spent": {
			&kirimchat.RateLimitBudgetError{Wait: 3 * time.Second, Spent: 299 * time.Second, Budget: 5 * time.Minute, RequestID: "req_F"},
			[]string{"wait 3s more, after 4m59s of waiting", "budget of 5m0s allows no more", "req_F", "rate_limit_budget", "KIRIMCHAT_RATE_LIMIT_BUDGET", "fewer plans"},
		},
		"server error": {
			&kirimchat.APIError{StatusCode: 500, Type: "api_error", Code: "internal_error", RequestID: "req_E", Attempts: 6},
			[]string{"internal_error", "req_E", "outlasted the retries"},
		},
		"validation": {
			&kirimchat.APIError{StatusCode: 400, Type: "invalid_request_error", Code: "invalid_field_value", Param: "status", RequestID: "req_F"},
			[]string{"invalid_field_value", "Parameter: status", "req_F"},
		},
		"proxy page": {
			&kirimchat.APIError{StatusCode: 502, Message: "300-byte response body (text/html) that is not the documented JSON error envelope", RequestID: "req_G"},
			[]string{"HTTP 502: 300-byte response body (text/html)", "req_G"},
		},
		"wait beyond the cap": {
			fmt.Errorf("wrapped: %w", &kirimchat.RetryWaitTooLongError{StatusCode: 429, Asked: 2 * time.Minute, Cap: 30 * time.Second, RequestID: "req_H"}),
			[]string{"asked to wait 2m0s", "max_retry_wait (30s)", "KIRIMCHAT_MAX_RETRY_WAIT", "req_H"},
		},
		"timeout": {
			&kirimchat.RequestError{Method: "GET", Path: "/conversations", Attempts: 6, Timeout: time.Minute, Err: errors.New("deadline")},
			[]string{"after 6 attempt(s)", "per-request timeout of 1m0s", "request_timeout", "KIRIMCHAT_REQUEST_TIMEOUT"},
		},
		"network": {
			&kirimchat.RequestError{Method: "GET", Path: "/conversations", Attempts: 6, Err: errors.New("connection refused")},
			[]string{"connection refused", "base_url", "HTTPS_PROXY"},
		},
		"pagination": {
			&kirimchat.PaginationError{Path: "/conversations", Page: 3, Reason: "next_cursor repeats a cursor already followed"},
			[]string{"page 3", "repeats a cursor", "rather than loop"},
		},
		"contract": {
			&kirimchat.ContractError{Path: "/conversations", Status: 200, RequestID: "req_I", Where: "/data/3/status", Record: "cnv_1", Problem: "is null, not a string"},
			[]string{"HTTP 200", "/data/3/status is null, not a string (record cnv_1)", "req_I", "nothing of it reaches the state"},
		},
		"redirect": {
			&kirimchat.RedirectError{Path: "/conversations", Status: 302, Target: "http://127.0.0.1:9", RequestID: "req_J"},
			[]string{"HTTP 302 Found", "http://127.0.0.1:9", "never followed", "req_J", "base_url"},
		},
		"cancelled": {
			fmt.Errorf("listing: %w", context.Canceled),
			[]string{"cancelled", "interrupted"},
		},
	} {
		detail := readErrorDetail(tc.err)
		for _, w := range tc.want {
			if !strings.Contains(detail, w) {
				t.Errorf("%s: %q missing from:\n%s", name, w, detail)
			}
		}
		if regexp.MustCompile(`\.\.`).MatchString(detail) {
			t.Errorf("%s: doubled full stop in:\n%s", name, detail)
		}
	}
}

// A contract error from a loopback base URL (the sandbox, serving a
// fixture) says to check the fixture; from the API, it does not.
func TestAContractErrorOnLoopbackPointsAtTheFixture(t *testing.T) {
	contractErr := &kirimchat.ContractError{Path: "/conversations", Status: 200, Where: "/data/0/status", Problem: "is null", RequestID: "req_1"}
	for base, wantAdvice := range map[string]bool{
		"http://127.0.0.1:8080/v1":        true,
		"http://localhost:8080/v1":        true,
		"https://api-kckit.kirim.chat/v1": false,
	} {
		client, err := kirimchat.New(kirimchat.Config{APIKey: "kdv_live_aaaaaaaaaaaaaaaaaaaaaaaa", BaseURL: base})
		if err != nil {
			t.Fatal(err)
		}
		var diags diag.Diagnostics
		(&providerData{client: client}).addReadError(context.Background(), &diags, "Unable to list", contractErr)
		detail := diags[0].Detail()
		if got := strings.Contains(detail, "check the record and field named above in it"); got != wantAdvice {
			t.Errorf("%s: fixture advice %v, want %v:\n%s", base, got, wantAdvice, detail)
		}
		if !strings.Contains(detail, "/data/0/status is null") {
			t.Errorf("%s: the contract error itself is missing:\n%s", base, detail)
		}
	}
}
