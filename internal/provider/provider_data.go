package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

// providerData is the provider's configured state, and its one home:
// Configure hands it to the framework (DataSourceData and
// EphemeralResourceData, the same value), which hands it to each data
// source's and ephemeral resource's Configure. A deferred configuration leaves none.
type providerData struct {
	client *kirimchat.Client
	apiKey string
	// pendingAttributes are provider attributes still unknown at plan time.
	pendingAttributes []string
}

// clientFor is the client a data source reads with, and the context to read
// in: one whose logs mask the API key.
func (d *providerData) clientFor(ctx context.Context, diags *diag.Diagnostics) (context.Context, *kirimchat.Client) {
	if d == nil || d.client == nil {
		detail := "The provider was not configured."
		if d != nil && len(d.pendingAttributes) > 0 {
			attrs := slices.Sorted(slices.Values(d.pendingAttributes))
			detail = fmt.Sprintf("The provider attribute(s) %s depend on values known only after apply, "+
				"so this data source cannot be read during plan. Make the data source depend on the resource that "+
				"produces them (depends_on), or apply that resource first (terraform apply -target=…).",
				strings.Join(attrs, ", "))
		}
		diags.AddError("Kirim.chat provider not configured", detail)
		return ctx, nil
	}
	return maskSecret(ctx, d.apiKey), d.client
}

// configureDataSource is the shared body of every data source's Configure.
func configureDataSource(req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) *providerData {
	return providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// providerDataFrom is what Configure handed the framework for data sources
// and ephemeral resources alike; nil before the provider is configured.
func providerDataFrom(configured any, diags *diag.Diagnostics) *providerData {
	if configured == nil {
		return nil // Terraform validates configuration before configuring the provider.
	}
	data, ok := configured.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", configured))
		return nil
	}
	return data
}

// recoverPanic, deferred in a Read, turns a panic into an error diagnostic
// instead of a crashed plugin and a stack trace on terraform's screen, with
// the key masked like everywhere else.
func (d *providerData) recoverPanic(diags *diag.Diagnostics, dataSource string) {
	if r := recover(); r != nil {
		diags.AddError("Internal error in the Kirim.chat provider", d.mask(fmt.Sprintf(
			"This is a bug in the provider; please report it. The read of %s stopped: %v", dataSource, r)))
	}
}

// mask replaces the API key wherever text holds it, in every form. The
// texts it is given are the provider's own messages, which hold the
// client's errors: what came from outside in them has passed
// kirimchat.Clean already.
func (d *providerData) mask(text string) string {
	if d == nil {
		return text
	}
	return kirimchat.Redact(text, d.apiKey)
}

const httpSubsystem = "http"

// maskSecret makes every log line of ctx, the provider's and the HTTP
// subsystem's, replace the key wherever it appears, in every form
// (kirimchat.KeyForms) it can be written.
func maskSecret(ctx context.Context, secret string) context.Context {
	forms := kirimchat.KeyForms(secret)
	ctx = tflog.MaskAllFieldValuesStrings(ctx, forms...)
	ctx = tflog.MaskMessageStrings(ctx, forms...)
	ctx = tflog.NewSubsystem(ctx, httpSubsystem)
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, httpSubsystem, forms...)
	ctx = tflog.SubsystemMaskMessageStrings(ctx, httpSubsystem, forms...)
	return ctx
}

// logRequest is the client's per-attempt log hook.
func logRequest(ctx context.Context, l kirimchat.RequestLog) {
	fields := map[string]any{
		"method":      l.Method,
		"path":        l.Path,
		"query":       l.Query,
		"attempt":     l.Attempt,
		"duration_ms": l.Duration.Milliseconds(),
	}
	if l.Status != 0 {
		fields["status"] = l.Status
	}
	if l.RequestID != "" {
		fields["request_id"] = l.RequestID
	}
	if l.Throttled > 0 {
		fields["throttled_ms"] = l.Throttled.Milliseconds()
	}
	switch {
	case l.Err != nil:
		fields["error"] = l.Err.Error()
		tflog.SubsystemWarn(ctx, httpSubsystem, "Kirim.chat API request failed", fields)
	case l.Status >= 400:
		tflog.SubsystemWarn(ctx, httpSubsystem, "Kirim.chat API request answered with an error", fields)
	default:
		tflog.SubsystemDebug(ctx, httpSubsystem, "Kirim.chat API request", fields)
	}
}
