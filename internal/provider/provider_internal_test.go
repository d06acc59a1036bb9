package provider

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// These tests drive Configure and Read directly, to see what terraform does
// not show a test: warnings, and every byte the provider logs.

const secretKey = "kdv_live_S3cr3tK3yS3cr3tK3yS3cr3t"

// objectValue builds a value of the schema's type with the given attributes
// set and every other one null.
func configValue(t *testing.T, typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		if v, ok := set[name]; ok {
			values[name] = v
		} else {
			values[name] = tftypes.NewValue(attrType, nil)
		}
	}
	return tftypes.NewValue(typ, values)
}

func configure(ctx context.Context, t *testing.T, attrs map[string]tftypes.Value) (*providerData, diag.Diagnostics) {
	t.Helper()
	p := newProvider("test")
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	req := provider.ConfigureRequest{
		TerraformVersion: "1.11.4",
		Config:           tfsdk.Config{Schema: schemaResp.Schema, Raw: configValue(t, typ, attrs)},
	}
	var resp provider.ConfigureResponse
	p.Configure(ctx, req, &resp)
	data, _ := resp.DataSourceData.(*providerData)
	return data, resp.Diagnostics
}

func readConversations(ctx context.Context, t *testing.T, data *providerData, attrs map[string]tftypes.Value) datasource.ReadResponse {
	t.Helper()
	ds := &conversationsDataSource{provider: data}
	s := conversationsSchema()
	typ := s.Type().TerraformType(ctx).(tftypes.Object)
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: s, Raw: tftypes.NewValue(typ, nil)}}
	ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: s, Raw: configValue(t, typ, attrs)}}, &resp)
	return resp
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
func num(n int64) tftypes.Value  { return tftypes.NewValue(tftypes.Number, n) }
func diagText(d diag.Diagnostics) string {
	var b strings.Builder
	for _, x := range d {
		b.WriteString(x.Severity().String() + ": " + x.Summary() + ": " + x.Detail() + "\n")
	}
	return b.String()
}

func TestMaxResultsWarnsWhenItTruncates(t *testing.T) {
	ctx := context.Background()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 1, Conversations: 40}})
	data, diags := configure(ctx, t, map[string]tftypes.Value{"api_key": str(sb.APIKey), "base_url": str(sb.URL)})
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}

	resp := readConversations(ctx, t, data, map[string]tftypes.Value{"max_results": num(15)})
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("want exactly one warning, got:\n%s", diagText(resp.Diagnostics))
	}
	w := resp.Diagnostics.Warnings()[0]
	if w.Summary() != "Kirim.chat conversation list truncated" || !strings.Contains(w.Detail(), "max_results = 15") {
		t.Errorf("unexpected warning: %s: %s", w.Summary(), w.Detail())
	}

	for _, limit := range []int64{40, 41} {
		resp = readConversations(ctx, t, data, map[string]tftypes.Value{"max_results": num(limit)})
		if len(resp.Diagnostics) != 0 {
			t.Errorf("max_results = %d covers everything, so no warning: %s", limit, diagText(resp.Diagnostics))
		}
	}
}

// TestTheAPIKeyNeverLeaks runs reads that succeed and reads that fail in
// every way a server can make them fail — including a server that echoes the
// Authorization header back — and searches every log line and diagnostic for
// the key.
func TestTheAPIKeyNeverLeaks(t *testing.T) {
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	sb := acctest.StartSandbox(t, sandbox.Options{APIKeys: []string{secretKey},
		Generated: sandbox.GenerateOptions{Seed: 3, Conversations: 30}})

	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	deadURL := "http://" + closed.Addr().String() + "/v1"
	_ = closed.Close()

	var everything diag.Diagnostics
	read := func(baseURL string, fault *sandbox.Fault) {
		if fault != nil {
			sb.AddFault(*fault)
		}
		data, diags := configure(ctx, t, map[string]tftypes.Value{
			"api_key": str("  " + secretKey + " "), "base_url": str(baseURL),
			"page_size": num(10), "max_retries": num(1), "max_retry_wait": str("1s"),
		})
		everything.Append(diags...)
		if data != nil {
			everything.Append(readConversations(ctx, t, data, nil).Diagnostics...)
		}
		sb.ClearFaults()
	}

	read(sb.URL, nil)
	read(sb.URL, &sandbox.Fault{Status: 401, EchoAuthorization: true})
	read(sb.URL, &sandbox.Fault{Status: 500, EchoAuthorization: true, Times: sandbox.Forever})
	read(sb.URL, &sandbox.Fault{Status: 429, RetryAfter: 3600, EchoAuthorization: true})
	read(sb.URL, &sandbox.Fault{Status: 502, HTML: true, Times: sandbox.Forever})
	read(sb.URL, &sandbox.Fault{DropNextCursor: true})
	read(deadURL, nil)
	read("http://example.com/v1", nil)

	text := logs.String() + diagText(everything)
	if strings.Contains(text, secretKey) || strings.Contains(text, strings.TrimPrefix(secretKey, "kdv_live_")) {
		t.Fatalf("the API key leaked:\n%s", text)
	}
	// The test is only worth something if the logs and errors were written.
	for _, want := range []string{`"@module":"provider.http"`, `"request_id":"req_`, `"attempt":2`, `"status":401`,
		"invalid_api_key", "HTTP 500", "asked to wait 1h0m0s", "text/html", "next_cursor is empty", "connection refused", "not loopback"} {
		if !strings.Contains(text, want) {
			t.Errorf("expected %q in the logs or diagnostics", want)
		}
	}
	if everything.ErrorsCount() != 7 {
		t.Errorf("want 7 failed reads, got %d:\n%s", everything.ErrorsCount(), diagText(everything))
	}
}

func TestAWarningNamesAtMostTenValues(t *testing.T) {
	counts := map[string]int{}
	var values []string
	for i := range 300 {
		v := fmt.Sprintf(`conversation status "s%03d%s"`, i, strings.Repeat("x", 500))
		values = append(values, v)
		counts[v] = 1
	}
	var diags diag.Diagnostics
	warnIfUnrecognized(&diags, "conversation", values, counts)
	detail := diags[0].Detail()
	if len(diags) != 1 || !strings.Contains(detail, `s009`) || strings.Contains(detail, `s010`) || !strings.Contains(detail, "290 more such values") || len(detail) > 6000 {
		t.Fatalf("%d diagnostics, a detail of %d bytes: %.300s", len(diags), len(detail), detail)
	}
}
