// Package provider is the Terraform provider for Kirim.chat: its schema,
// configuration and data sources. It reaches the API only through the
// kirimchat client.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

var _ provider.ProviderWithEphemeralResources = (*kirimchatProvider)(nil)

type kirimchatProvider struct {
	version string
}

// newProvider is the framework provider for a release version ("dev" when
// built locally). NewServer serves it.
func newProvider(version string) provider.Provider {
	return &kirimchatProvider{version: version}
}

type providerModel struct {
	APIKey         types.String `tfsdk:"api_key"`
	BaseURL        types.String `tfsdk:"base_url"`
	PageSize       types.Int64  `tfsdk:"page_size"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	MaxRetryWait   types.String `tfsdk:"max_retry_wait"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
	// RequestsPerMinute is null for the adaptive pace.
	RequestsPerMinute types.Int64  `tfsdk:"requests_per_minute"`
	RateLimitBudget   types.String `tfsdk:"rate_limit_budget"`
}

func (p *kirimchatProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "kirimchat"
	resp.Version = p.version
}

func (p *kirimchatProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads data from the [Kirim.chat](https://kirim.chat) WhatsApp Business API.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "Kirim.chat API key (`kdv_live_…`), sent as a bearer token. " +
					"Falls back to the `KIRIMCHAT_API_KEY` environment variable; one of the two is required. " +
					"Surrounding whitespace is ignored.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the API. Falls back to `KIRIMCHAT_BASE_URL`, then to `" +
					kirimchat.DefaultBaseURL + "`. Must be an absolute `https` URL; plain `http` is accepted " +
					"only for loopback hosts such as the local sandbox. A trailing slash is ignored. The API serves under " +
					"`/v1`: a URL without a path is accepted with a warning that names the fix (a proxy may serve it " +
					"at its root), and a URL without a scheme is an error that gives the whole URL to write.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			"page_size": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Rows requested per page (the API's `limit`, %d–%d). "+
					"Falls back to `KIRIMCHAT_PAGE_SIZE`; default %d, the fewest requests.",
					kirimchat.MinPageSize, kirimchat.MaxPageSize, kirimchat.DefaultPageSize),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(kirimchat.MinPageSize, kirimchat.MaxPageSize)},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a request is retried after a 500/502/503/504 "+
					"or a network error (0–%d; 0 disables retries). Falls back to `KIRIMCHAT_MAX_RETRIES`; "+
					"default %d, the vendor's recipe. A 429 that names its wait (`Retry-After` or `X-RateLimit-Reset`) "+
					"is not counted here: it is waited out within `rate_limit_budget`; one that names none is "+
					"retried like a 5xx. Other errors are never retried.", maxRetriesLimit, kirimchat.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxRetriesLimit)},
			},
			"max_retry_wait": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The longest single wait between two attempts, as a duration "+
					"(`\"30s\"`, `\"2m\"`; %s–%s). When the API asks (through `Retry-After`) for a longer wait, "+
					"the read fails at once with a message saying how long it asked for. The waits of the rate "+
					"limit's pace before a request are bounded by `rate_limit_budget` instead (and never last more "+
					"than a minute each). "+
					"Falls back to `KIRIMCHAT_MAX_RETRY_WAIT`; default `%s`.",
					shortDuration(maxRetryWaitBounds.min), shortDuration(maxRetryWaitBounds.max), shortDuration(kirimchat.DefaultMaxRetryWait)),
				Optional:   true,
				Validators: []validator.String{durationValidator{maxRetryWaitBounds}},
			},
			"requests_per_minute": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("A fixed pace for all requests of this provider, in requests per minute "+
					"(1–%d). Without it, the pace adapts to the `X-RateLimit-*` headers of the API's answers: the "+
					"organization's bucket is spent while it lasts, then requests go at its refill rate, so parallel "+
					"reads rarely meet a 429. Set it below the bucket's rate to leave room for other clients of the "+
					"organization. Falls back to `KIRIMCHAT_REQUESTS_PER_MINUTE`.", requestsPerMinuteLimit),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, requestsPerMinuteLimit)},
			},
			"rate_limit_budget": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The longest one read (every page of a list, or one lookup) may "+
					"spend waiting for the organization's rate limit, in all: the pace's waits and the waits after "+
					"429 answers (%s–%s). Many plans, CI jobs and workspaces share one organization's bucket; "+
					"within this budget they take turns instead of failing, and a 429 is waited out as its "+
					"`Retry-After` asks. Past it, the read fails and says how long it waited. Falls back to "+
					"`KIRIMCHAT_RATE_LIMIT_BUDGET`; default `%s`.",
					shortDuration(rateLimitBudgetBounds.min), shortDuration(rateLimitBudgetBounds.max), shortDuration(kirimchat.DefaultRateLimitBudget)),
				Optional:   true,
				Validators: []validator.String{durationValidator{rateLimitBudgetBounds}},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Time allowed for one HTTP attempt, from connecting to the last "+
					"byte of the answer (%s–%s). A timed-out attempt is retried like a network error. "+
					"Falls back to `KIRIMCHAT_REQUEST_TIMEOUT`; default `%s`.",
					shortDuration(requestTimeoutBounds.min), shortDuration(requestTimeoutBounds.max), shortDuration(kirimchat.DefaultRequestTimeout)),
				Optional:   true,
				Validators: []validator.String{durationValidator{requestTimeoutBounds}},
			},
		},
	}
}

func (p *kirimchatProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value that another resource computes is unknown until apply. That is
	// no error: Terraform defers the reads where it can, and a read that still
	// happens says what is missing.
	if unknown := unknownAttributes(m); len(unknown) > 0 {
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
			return
		}
		pending := &providerData{pendingAttributes: unknown}
		resp.DataSourceData, resp.EphemeralResourceData = pending, pending
		return
	}

	cfg, diags := clientConfig(m)
	if cfg.APIKey != "" {
		ctx = maskSecret(ctx, cfg.APIKey)
	}
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.UserAgent = fmt.Sprintf("terraform-provider-kirimchat/%s (+https://registry.terraform.io/providers/kirimchat/kirimchat) Terraform/%s",
		p.version, req.TerraformVersion)
	cfg.LogRequest = logRequest

	client, err := kirimchat.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the Kirim.chat client", err.Error())
		return
	}
	shownBase := cfg.BaseURL
	if shownBase == "" {
		shownBase = kirimchat.DefaultBaseURL
	}
	tflog.Debug(ctx, "Configured the Kirim.chat client", map[string]any{"base_url": kirimchat.DisplayURL(shownBase), "page_size": cfg.PageSize})
	data := &providerData{client: client, apiKey: cfg.APIKey}
	resp.DataSourceData, resp.EphemeralResourceData = data, data
}

func unknownAttributes(m providerModel) []string {
	var unknown []string
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"api_key": m.APIKey, "base_url": m.BaseURL, "page_size": m.PageSize,
		"max_retries": m.MaxRetries, "max_retry_wait": m.MaxRetryWait, "request_timeout": m.RequestTimeout,
		"requests_per_minute": m.RequestsPerMinute, "rate_limit_budget": m.RateLimitBudget,
	} {
		if v.IsUnknown() {
			unknown = append(unknown, name)
		}
	}
	return unknown
}

func (p *kirimchatProvider) Resources(context.Context) []func() resource.Resource {
	return nil
}

func (p *kirimchatProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewConversationsEphemeralResource,
	}
}

func (p *kirimchatProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewConversationsDataSource,
		NewConversationSummaryDataSource,
		NewContactsDataSource,
		NewContactDataSource,
		NewMeDataSource,
		NewLabelsDataSource,
	}
}
