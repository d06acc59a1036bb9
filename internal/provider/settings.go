package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

// setting is one provider attribute and the environment variable read when
// the attribute is not set.
type setting struct {
	attribute string
	env       string
}

var (
	apiKeySetting          = setting{"api_key", "KIRIMCHAT_API_KEY"}
	baseURLSetting         = setting{"base_url", "KIRIMCHAT_BASE_URL"}
	pageSizeSetting        = setting{"page_size", "KIRIMCHAT_PAGE_SIZE"}
	maxRetriesSetting      = setting{"max_retries", "KIRIMCHAT_MAX_RETRIES"}
	maxRetryWaitSetting    = setting{"max_retry_wait", "KIRIMCHAT_MAX_RETRY_WAIT"}
	requestTimeoutSetting  = setting{"request_timeout", "KIRIMCHAT_REQUEST_TIMEOUT"}
	requestsPerMinSetting  = setting{"requests_per_minute", "KIRIMCHAT_REQUESTS_PER_MINUTE"}
	rateLimitBudgetSetting = setting{"rate_limit_budget", "KIRIMCHAT_RATE_LIMIT_BUDGET"}
)

// Bounds shared by the schema validators and the checks of environment
// values, so that a setting obeys the same rules wherever it comes from.
const (
	maxRetriesLimit        = 20
	requestsPerMinuteLimit = 1_000_000
)

var (
	maxRetryWaitBounds    = durationBounds{min: time.Second, max: time.Hour}
	requestTimeoutBounds  = durationBounds{min: time.Second, max: 30 * time.Minute}
	rateLimitBudgetBounds = durationBounds{min: time.Second, max: 24 * time.Hour}
)

func (s setting) source(fromEnv bool) string {
	if fromEnv {
		return "the " + s.env + " environment variable"
	}
	return "the " + s.attribute + " provider attribute"
}

func (s setting) invalid(diags *diag.Diagnostics, fromEnv bool, problem string) {
	diags.AddAttributeError(path.Root(s.attribute), "Invalid Kirim.chat provider setting",
		fmt.Sprintf("The value of %s %s.", s.source(fromEnv), problem))
}

// stringValue is the attribute's value when set, else the environment's; both trimmed.
func (s setting) stringValue(v types.String) (raw string, fromEnv bool) {
	if !v.IsNull() {
		return strings.TrimSpace(v.ValueString()), false
	}
	return strings.TrimSpace(os.Getenv(s.env)), true
}

// intValue returns the setting and whether it was given at all.
func (s setting) intValue(v types.Int64, lo, hi int64, diags *diag.Diagnostics) (int64, bool) {
	n, fromEnv := v.ValueInt64(), false
	if v.IsNull() {
		raw := strings.TrimSpace(os.Getenv(s.env))
		if raw == "" {
			return 0, false
		}
		parsed, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			s.invalid(diags, true, fmt.Sprintf("is %q, which is not a whole number", raw))
			return 0, false
		}
		n, fromEnv = parsed, true
	}
	if n < lo || n > hi {
		s.invalid(diags, fromEnv, fmt.Sprintf("is %d; it must be between %d and %d", n, lo, hi))
		return 0, false
	}
	return n, true
}

func (s setting) durationValue(v types.String, bounds durationBounds, diags *diag.Diagnostics) time.Duration {
	raw, fromEnv := s.stringValue(v)
	if raw == "" {
		return 0
	}
	d, err := bounds.parse(raw)
	if err != nil {
		s.invalid(diags, fromEnv, err.Error())
	}
	return d
}

// clientConfig turns the provider configuration and the environment into the
// client's configuration. Each problem is a diagnostic that names where the
// value came from; nothing here sends a request.
func clientConfig(m providerModel) (kirimchat.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	var cfg kirimchat.Config

	cfg.APIKey, _ = apiKeySetting.stringValue(m.APIKey)
	if cfg.APIKey == "" {
		diags.AddAttributeError(path.Root(apiKeySetting.attribute), "Missing Kirim.chat API key",
			fmt.Sprintf("Set the %s provider attribute or the %s environment variable to an API key "+
				"(kdv_live_…) created in the Kirim.chat dashboard.", apiKeySetting.attribute, apiKeySetting.env))
	}

	if raw, fromEnv := baseURLSetting.stringValue(m.BaseURL); raw != "" {
		// The validator's own messages (baseURLDiagnostics). Its warnings
		// only for KIRIMCHAT_BASE_URL: the attribute's were given at
		// validation, which sees every value that reaches Configure.
		for _, d := range baseURLDiagnostics(raw, baseURLSetting.source(fromEnv), cfg.APIKey) {
			if d.Severity() == diag.SeverityError || fromEnv {
				diags.Append(d)
			}
		}
		cfg.BaseURL = raw
	}

	if n, ok := pageSizeSetting.intValue(m.PageSize, kirimchat.MinPageSize, kirimchat.MaxPageSize, &diags); ok {
		cfg.PageSize = int(n)
	}
	if n, ok := maxRetriesSetting.intValue(m.MaxRetries, 0, maxRetriesLimit, &diags); ok {
		cfg.MaxRetries = int(n)
		if n == 0 {
			cfg.MaxRetries = kirimchat.NoRetries
		}
	}
	if n, ok := requestsPerMinSetting.intValue(m.RequestsPerMinute, 1, requestsPerMinuteLimit, &diags); ok {
		cfg.RequestsPerMinute = int(n)
	}
	cfg.MaxRetryWait = maxRetryWaitSetting.durationValue(m.MaxRetryWait, maxRetryWaitBounds, &diags)
	cfg.RequestTimeout = requestTimeoutSetting.durationValue(m.RequestTimeout, requestTimeoutBounds, &diags)
	cfg.RateLimitBudget = rateLimitBudgetSetting.durationValue(m.RateLimitBudget, rateLimitBudgetBounds, &diags)
	return cfg, diags
}
