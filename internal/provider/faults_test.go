package provider_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// The fault matrix: each row of the contract's failure table, with the real
// terraform binary, its outcome asserted exactly.

const listPath = "/conversations"

func faultSandbox(t *testing.T, n int, faults ...sandbox.Fault) *acctest.Sandbox {
	t.Helper()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: uint64(n), Conversations: n}})
	for _, f := range faults {
		f.Path = listPath
		sb.AddFault(f)
	}
	return sb
}

// recovers runs a read that must survive the faults and return every
// conversation exactly once.
func recovers(t *testing.T, sb *acctest.Sandbox, providerSettings ...string) {
	t.Helper()
	want := sb.Conversations()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock(append([]string{"page_size = 10"}, providerSettings...)...) + `data "kirimchat_conversations" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect(all, "ids", acctest.IDsExact(want)),
				expect(all, "conversations", conversationsExact(want)),
			},
		}},
	})
}

// fails runs a read that must fail with pattern after exactly wantRequests requests.
func fails(t *testing.T, sb *acctest.Sandbox, pattern string, wantRequests int, providerSettings ...string) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config:      sb.ProviderBlock(append([]string{"page_size = 10"}, providerSettings...)...) + `data "kirimchat_conversations" "all" {}`,
			ExpectError: wrapped(pattern),
		}},
	})
	if n := len(sb.ListRequests(listPath)); n != wantRequests {
		t.Errorf("sent %d requests, want %d", n, wantRequests)
	}
}

func TestAccFaults_rateLimitedOnSeveralPagesCompletes(t *testing.T) {
	t.Parallel()
	limited := sandbox.Fault{Skip: 1, Status: 429, RetryAfter: 1}
	sb := faultSandbox(t, 40, limited, limited, limited)
	recovers(t, sb)
	if n := sb.CountStatus(listPath, 429); n != 3 {
		t.Errorf("%d answers were 429, want 3", n)
	}
}

func TestAccFaults_proxyErrorsWithHTMLBodiesAreRetried(t *testing.T) {
	t.Parallel()
	sb := faultSandbox(t, 40,
		sandbox.Fault{Status: 503, HTML: true},
		sandbox.Fault{Skip: 1, Status: 502, HTML: true},
		sandbox.Fault{Skip: 1, Status: 504, HTML: true},
	)
	recovers(t, sb)
	for _, status := range []int{502, 503, 504} {
		if n := sb.CountStatus(listPath, status); n != 1 {
			t.Errorf("%d answers were %d, want 1", n, status)
		}
	}
}

func TestAccFaults_droppedConnectionsAreRetried(t *testing.T) {
	t.Parallel()
	sb := faultSandbox(t, 40,
		sandbox.Fault{Skip: 1, ResetConnection: true},
		sandbox.Fault{Skip: 1, CutBody: true},
	)
	recovers(t, sb)
	if n := sb.CountStatus(listPath, 0); n < 2 {
		t.Errorf("%d connections were dropped, want at least 2", n)
	}
}

func TestAccFaults_retryAfterBeyondTheCapFailsAtOnce(t *testing.T) {
	t.Parallel()
	sb := faultSandbox(t, 40, sandbox.Fault{Skip: 1, Status: 429, RetryAfter: 120})
	fails(t, sb, `(?s)Unable to list Kirim.chat conversations.*asked to wait 2m0s.*max_retry_wait \(30s\).*Raise max_retry_wait`, 2)
}

func TestAccFaults_persistentServerErrorFailsAfterTheRetryBudget(t *testing.T) {
	t.Parallel()
	sb := faultSandbox(t, 40, sandbox.Fault{Status: 500, Times: sandbox.Forever})
	fails(t, sb, `(?s)HTTP 500 with type "api_error" and code "internal_error".*Request ID: req_[0-9A-Z]{26}.*Attempts: 3`, 3, "max_retries = 2")
}

func TestAccFaults_clientErrorsAreNeverRetried(t *testing.T) {
	t.Parallel()
	for status, pattern := range map[int]string{
		401: `code "invalid_api_key".*Request ID: req_`,
		403: `code "plan_limit_exceeded".*Request ID: req_.*plan`,
		400: `code "invalid_field_value".*Request ID: req_`,
	} {
		sb := faultSandbox(t, 20, sandbox.Fault{Status: status, Times: sandbox.Forever})
		fails(t, sb, `(?s)HTTP `+itoa(status)+`.*`+pattern, 1)
	}
}

func TestAccFaults_brokenPagingFailsFast(t *testing.T) {
	t.Parallel()
	sb := faultSandbox(t, 40, sandbox.Fault{RepeatCursor: true}) // taken by the first request that carries a cursor
	fails(t, sb, `(?s)stopped at page 2: next_cursor repeats a cursor already followed`, 2)

	sb = faultSandbox(t, 40, sandbox.Fault{DropNextCursor: true})
	fails(t, sb, `(?s)stopped at page 1: has_more is true but next_cursor is empty`, 1)
}

func TestAccFaults_malformedJSONIsAClearError(t *testing.T) {
	t.Parallel()
	sb := faultSandbox(t, 40, sandbox.Fault{Skip: 1, MalformedJSON: true})
	fails(t, sb, `(?s)GET /conversations answered HTTP 200 with a body that breaks the API's contract: /data/\d+(/\w+)? is not valid JSON.*request_id req_`, 2)
}

func TestAccFaults_slowServerTimesOutNamingTheSetting(t *testing.T) {
	t.Parallel()
	sb := faultSandbox(t, 20, sandbox.Fault{Delay: 5 * time.Second, Times: sandbox.Forever})
	fails(t, sb, `(?s)failed after 2 attempt\(s\): no complete answer within the per-request timeout of 1s.*Raise request_timeout`, 2,
		`request_timeout = "1s"`, "max_retries = 1")
}

func TestAccFaults_insertsDuringTheDrainLeaveNoDuplicates(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{OffsetCursors: true, Generated: sandbox.GenerateOptions{Seed: 9, Conversations: 50}})
	original := acctest.IDs(sb.Conversations())
	sb.AddFault(sandbox.Fault{Path: listPath, Skip: 1, InsertAtHead: 3, Times: sandbox.Forever})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock("page_size = 10") + `data "kirimchat_conversations" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect(all, "ids", acctest.DistinctStrings()),
				expect(all, "ids", acctest.ContainsAll(original)),
				expect(all, "truncated", knownvalue.Bool(false)),
			},
		}},
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
