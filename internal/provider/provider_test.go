package provider_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/provider"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// providers serves the provider in-process to the terraform binary on PATH.
var providers = map[string]func() (tfprotov6.ProviderServer, error){
	"kirimchat": provider.NewServer("test"),
}

// TestMain gives terraform an empty CLI configuration of the tests' own, so
// that neither a developer's ~/.terraformrc nor a TF_CLI_CONFIG_FILE naming a
// missing file can change or break a run.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kirimchat-acc-")
	if err != nil {
		panic(err)
	}
	cliConfig := filepath.Join(dir, "empty.tfrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		panic(err)
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	// A developer's own KIRIMCHAT_* variables stay out of every test but the
	// real-API one, which takes them back.
	for _, name := range kirimchatVariables {
		if v, ok := os.LookupEnv(name); ok {
			realAPIEnv[name] = v
			os.Unsetenv(name)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	for _, cleanup := range cleanups {
		cleanup()
	}
	os.Exit(code)
}

// cleanups run after every test: what tests built for all of them.
var cleanups []func()

var (
	kirimchatVariables = []string{"KIRIMCHAT_API_KEY", "KIRIMCHAT_BASE_URL", "KIRIMCHAT_PAGE_SIZE", "KIRIMCHAT_MAX_RETRIES",
		"KIRIMCHAT_MAX_RETRY_WAIT", "KIRIMCHAT_REQUEST_TIMEOUT", "KIRIMCHAT_REQUESTS_PER_MINUTE"}
	realAPIEnv = map[string]string{}
)

// failsAtPlan expects each configuration to fail planning with its pattern,
// without a single request reaching the sandbox.
func failsAtPlan(t *testing.T, sb *acctest.Sandbox, cases map[string]string) {
	t.Helper()
	for config, pattern := range cases {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: providers,
			Steps:                    []resource.TestStep{{Config: config, PlanOnly: true, ExpectError: wrapped(pattern)}},
		})
	}
	if n := len(sb.Requests()); n != 0 {
		t.Errorf("invalid configuration reached the API: %d requests", n)
	}
}

// dataSourceWith is a data source block of the given type with the given arguments.
func dataSourceWith(typ, args string) string {
	return "data \"" + typ + "\" \"x\" {\n  " + args + "\n}\n"
}

// wrapped compiles a pattern for terraform's output, which folds long
// diagnostic lines: each space in the pattern matches any run of whitespace.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

func TestAccProvider_missingAPIKeyNamesAttributeAndVariable(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: `provider "kirimchat" { base_url = "` + sb.URL + `" }
data "kirimchat_conversations" "all" {}`,
			ExpectError: wrapped(`(?s)Missing Kirim.chat API key.*the api_key provider attribute or the KIRIMCHAT_API_KEY environment variable`),
		}},
	})
	if n := len(sb.Requests()); n != 0 {
		t.Errorf("sent %d requests without a key", n)
	}
}

func TestAccProvider_plainHTTPToANonLoopbackHostIsRefusedAtPlan(t *testing.T) {
	t.Parallel()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: `provider "kirimchat" {
  base_url = "http://api-kckit.kirim.chat/v1"
  api_key  = "kdv_live_AAAAAAAAAAAAAAAAAAAAAAAA"
}
data "kirimchat_conversations" "all" {}`,
			PlanOnly:    true,
			ExpectError: wrapped(`(?s)Invalid Kirim.chat base URL.*not loopback; use https`),
		}},
	})
}

func TestAccProvider_aBaseURLWithoutItsSchemeSaysWhatToAdd(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	provider := func(base string) string {
		return `provider "kirimchat" {
  base_url = "` + base + `"
  api_key  = "` + sb.APIKey + `"
}
data "kirimchat_conversations" "all" {}`
	}
	failsAtPlan(t, sb, map[string]string{
		provider("api-kckit.kirim.chat/v1"):             `(?s)Invalid Kirim.chat base URL.*The value of the base_url provider attribute is not usable: it has no scheme: write "https://" in front of it: https://api-kckit.kirim.chat/v1`,
		provider(strings.TrimPrefix(sb.URL, "http://")): `(?s)it has no scheme: write "http://" in front of it: ` + regexp.QuoteMeta(sb.URL),
		provider("http://api-kckit.kirim.chat"):         `(?s)not loopback; use https.*write https://api-kckit.kirim.chat/v1, with "/v1" after the host`,
	})
}

// A base URL without /v1 is accepted, as it always was, with one warning
// naming the fix, from the attribute as from KIRIMCHAT_BASE_URL.
func TestAccProvider_aBaseURLWithoutV1IsWarnedOfOnce(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	root := strings.TrimSuffix(sb.URL, "/v1")
	for name, w := range map[string]*workspace{
		"the base_url provider attribute": newWorkspace(t, `provider "kirimchat" {
  base_url = "`+root+`"
  api_key  = "`+sb.APIKey+`"
}
data "kirimchat_me" "x" {}`),
		"the KIRIMCHAT_BASE_URL environment variable": newWorkspace(t, `data "kirimchat_me" "x" {}`,
			"KIRIMCHAT_BASE_URL="+root, "KIRIMCHAT_API_KEY="+sb.APIKey),
	} {
		_, out := w.run("plan", "-input=false", "-no-color")
		warning := wrapped(`(?s)Warning: Kirim.chat base URL without /v1 .*?The value of ` + name + `, ` + regexp.QuoteMeta(root) +
			`, has no path, but the Kirim.chat API serves under /v1: .*? Add /v1: ` + regexp.QuoteMeta(root) + `/v1.`)
		if n := len(warning.FindAllString(out, -1)); n != 1 {
			t.Errorf("%s: the warning is shown %d times, want once:\n%s", name, n, out)
		}
		// Accepted: the read is sent, and meets the sandbox's 404 outside /v1.
		if !strings.Contains(out, "route_not_found") {
			t.Errorf("%s: the read did not reach the sandbox:\n%s", name, out)
		}
	}
}

func TestAccProvider_badEnvironmentValuesNameTheVariable(t *testing.T) {
	sb := acctest.StartSandbox(t, sandbox.Options{})
	t.Setenv("KIRIMCHAT_API_KEY", sb.APIKey)
	for variable, value := range map[string]string{
		"KIRIMCHAT_BASE_URL":            "http://10.1.2.3/v1",
		"KIRIMCHAT_PAGE_SIZE":           "500",
		"KIRIMCHAT_MAX_RETRIES":         "many",
		"KIRIMCHAT_MAX_RETRY_WAIT":      "forever",
		"KIRIMCHAT_REQUEST_TIMEOUT":     "0s",
		"KIRIMCHAT_REQUESTS_PER_MINUTE": "0",
	} {
		t.Run(variable, func(t *testing.T) {
			if variable != "KIRIMCHAT_BASE_URL" {
				t.Setenv("KIRIMCHAT_BASE_URL", sb.URL)
			}
			t.Setenv(variable, value)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: providers,
				Steps: []resource.TestStep{{
					Config:      `data "kirimchat_conversations" "all" {}`,
					ExpectError: wrapped(`The value of the ` + variable + ` environment variable`),
				}},
			})
		})
	}
	if n := len(sb.Requests()); n != 0 {
		t.Errorf("sent %d requests with a bad configuration", n)
	}
}

func TestAccProvider_tuningAttributesAreValidatedAtPlan(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	provider := func(setting string) string {
		return sb.ProviderBlock(setting) + `data "kirimchat_conversations" "all" {}`
	}
	failsAtPlan(t, sb, map[string]string{
		provider(`page_size = 0`):              `page_size value must be between 1 and 100`,
		provider(`max_retries = 21`):           `max_retries value must be between 0 and 20`,
		provider(`max_retry_wait = "2 hours"`): `not a duration`,
		provider(`request_timeout = "1h"`):     `must be between 1s and 30m`,
		provider(`requests_per_minute = 0`):    `requests_per_minute value must be between 1 and 1000000`,
	})
}

func TestAccProvider_unknownAPIKeyAtPlanDoesNotBreakThePlan(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 2, Conversations: 12}})
	config := `
resource "terraform_data" "key" {
  input = "` + sb.APIKey + `"
}
provider "kirimchat" {
  base_url = "` + sb.URL + `"
  api_key  = terraform_data.key.output
}
data "kirimchat_conversations" "all" {
  depends_on = [terraform_data.key]
}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.kirimchat_conversations.all", tfjsonpath.New("ids"), acctest.IDsExact(sb.Conversations())),
			},
		}},
	})
}

func TestAccProvider_unknownAPIKeyWithADataSourceReadAtPlanSaysWhatIsMissing(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "key" {
  input = "` + sb.APIKey + `"
}
provider "kirimchat" {
  base_url = "` + sb.URL + `"
  api_key  = terraform_data.key.output
}
data "kirimchat_conversations" "all" {}`,
			ExpectError: wrapped(`(?s)api_key depend on values known only after apply.*depends_on`),
		}},
	})
}

// Real-API tests: read-only, and only when a key for a real organization is
// given and the base URL is not the local sandbox.
func realAPI(t *testing.T) {
	t.Helper()
	if realAPIEnv["KIRIMCHAT_API_KEY"] == "" || kirimchat.IsLoopbackURL(realAPIEnv["KIRIMCHAT_BASE_URL"]) {
		t.Skip("real-API test: set KIRIMCHAT_API_KEY, and KIRIMCHAT_BASE_URL if not the default, to a real organization")
	}
	for name, value := range realAPIEnv {
		t.Setenv(name, value)
	}
}

func TestAccRealAPI_conversations(t *testing.T) {
	realAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{
			{
				Config: `
data "kirimchat_conversations" "all" {}
data "kirimchat_conversations" "open" {
  status = "open"
}
data "kirimchat_conversations" "two" {
  max_results = 2
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.kirimchat_conversations.all", tfjsonpath.New("truncated"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.kirimchat_conversations.all", tfjsonpath.New("conversations"),
						acctest.EveryElement("object", knownvalue.StringExact("conversation"))),
					statecheck.ExpectKnownValue("data.kirimchat_conversations.open", tfjsonpath.New("conversations"),
						acctest.EveryElement("status", knownvalue.StringExact("open"))),
					statecheck.ExpectKnownValue("data.kirimchat_conversations.two", tfjsonpath.New("conversations"),
						acctest.EveryElement("id", knownvalue.StringRegexp(regexp.MustCompile(`^cnv_`)))),
				},
			},
			{
				Config: `data "kirimchat_conversations" "bad" {
  status = "closed"
}`,
				PlanOnly:    true,
				ExpectError: wrapped(`is not a conversation status`),
			},
			{
				Config: `provider "kirimchat" {
  api_key = "kdv_live_notARealKeyNotARealKey00"
}
data "kirimchat_conversations" "all" {}`,
				ExpectError: wrapped(`(?s)HTTP 401.*Request ID: req_`),
			},
		},
	})
}

func regexpOf(pattern string) *regexp.Regexp { return regexp.MustCompile(pattern) }
