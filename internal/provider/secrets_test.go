package provider_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

const leakyKey = "kdv_live_L3akyK3yL3akyK3yL3akyK3y"

// TestAccSecrets_keyNeverInTraceLogsOrErrors runs full plans with
// TF_LOG=TRACE, which captures terraform's logs and the provider's, through
// a success and through every failure of the fault matrix — with a server
// that echoes the Authorization header back — and then searches everything
// written for the key.
func TestAccSecrets_keyNeverInTraceLogsOrErrors(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	sb := acctest.StartSandbox(t, sandbox.Options{APIKeys: []string{leakyKey},
		Generated: sandbox.GenerateOptions{Seed: 12, Conversations: 25}})
	// The key comes from the environment, as the docs advise: a key written in
	// the configuration would be in the test harness's own log of it.
	t.Setenv("KIRIMCHAT_API_KEY", leakyKey)
	config := func(settings ...string) string {
		return `provider "kirimchat" {
  base_url        = "` + sb.URL + `"
  page_size       = 10
  max_retries     = 1
  max_retry_wait  = "2s"
  request_timeout = "1s"
  ` + strings.Join(settings, "\n  ") + `
}
data "kirimchat_conversations" "all" {}`
	}

	for _, fault := range []*sandbox.Fault{
		nil,
		{Status: 401, EchoAuthorization: true},
		{Status: 403, EchoAuthorization: true},
		{Status: 400, EchoAuthorization: true},
		{Status: 500, EchoAuthorization: true, Times: sandbox.Forever},
		{Status: 429, RetryAfter: 600, EchoAuthorization: true},
		{Status: 503, HTML: true, Times: sandbox.Forever},
		{ResetConnection: true, Times: sandbox.Forever},
		{MalformedJSON: true},
		{RepeatCursor: true, Skip: 1},
		{DropNextCursor: true},
		{Delay: 3e9, Times: sandbox.Forever},
	} {
		sb.ClearFaults()
		step := resource.TestStep{Config: config()}
		if fault != nil {
			f := *fault
			f.Path = listPath
			sb.AddFault(f)
			step.ExpectError = wrapped(`Unable to list Kirim.chat conversations`)
		}
		resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providers, Steps: []resource.TestStep{step}})
	}

	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(logs)
	secret := strings.TrimPrefix(leakyKey, "kdv_live_")
	if strings.Contains(text, secret) {
		i := strings.Index(text, secret)
		t.Fatalf("the key leaked into the TRACE log:\n…%s…", text[max(0, i-300):min(len(text), i+100)])
	}
	// Worth something only if the logs hold what they should.
	for _, want := range []string{"Kirim.chat API request", `request_id`, "invalid_api_key", "[REDACTED]", "per-request timeout"} {
		if !strings.Contains(text, want) {
			t.Errorf("expected %q in the TRACE log (%d bytes)", want, len(text))
		}
	}
}
