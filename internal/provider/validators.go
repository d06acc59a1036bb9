package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

// durationBounds is the accepted range of a Go duration setting ("30s", "2m").
type durationBounds struct{ min, max time.Duration }

func (b durationBounds) parse(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil {
		return 0, fmt.Errorf("is %q, which is not a duration such as \"30s\" or \"2m\"", raw)
	}
	if d < b.min || d > b.max {
		return 0, fmt.Errorf("is %s; it must be between %s and %s", shortDuration(d), shortDuration(b.min), shortDuration(b.max))
	}
	return d, nil
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

// baseURLValidator applies the client's own rules for a base URL at plan time.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "an absolute https URL (plain http only for loopback hosts)"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := kirimchat.ParseBaseURL(req.ConfigValue.ValueString()); err != nil {
		// Not an attribute error: terraform would print the configuration's
		// base_url line beside it, and a URL may hold a secret (the message
		// shows only its scheme and host).
		resp.Diagnostics.AddError("Invalid Kirim.chat base URL", "The base_url provider attribute is not usable: "+err.Error()+".")
	}
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
	if _, err := kirimchat.ParseTimestamp(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid date-time",
			fmt.Sprintf("The value %q is %s.", req.ConfigValue.ValueString(), err))
	}
}
