package provider

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/statewire"
)

// streamedHeader is the first byte of a streamed state, msgpack's map32 (the
// framework's own encoding starts with a smaller header).
const streamedHeader = 0xdf

// hookedAttribute is a record row that calls onEncode before it is encoded,
// and onValue before its framework value is taken, when they are set.
type hookedAttribute[R any] struct {
	attribute[R]
	onEncode, onValue func(*R)
}

func (a hookedAttribute[R]) encode(w *statewire.Wire, v *R) {
	if a.onEncode != nil {
		a.onEncode(v)
	}
	a.attribute.encode(w, v)
}

func (a hookedAttribute[R]) value(v *R) attr.Value {
	if a.onValue != nil {
		a.onValue(v)
	}
	return a.attribute.value(v)
}

// withHook is r with hooks on its first row: once per record.
func withHook[R any](r record[R], onEncode, onValue func(*R)) record[R] {
	hooked := slices.Clone(r)
	hooked[0] = hookedAttribute[R]{attribute: r[0], onEncode: onEncode, onValue: onValue}
	return hooked
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	return slices.ContainsFunc(diags, func(d *tfprotov6.Diagnostic) bool { return d.Severity == tfprotov6.DiagnosticSeverityError })
}

// rpc drives a protocol 6 server as terraform does: schemas, the provider's
// configuration, then one ReadDataSource.
type rpc struct {
	t      *testing.T
	server tfprotov6.ProviderServer
	// deferralAllowed is what terraform tells the provider it can do.
	deferralAllowed bool
}

func frameworkServer(t *testing.T) tfprotov6.ProviderServer {
	t.Helper()
	s, err := providerserver.NewProtocol6WithError(newProvider("test"))()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func streamingServerForTest(t *testing.T) tfprotov6.ProviderServer {
	t.Helper()
	s, err := NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dynamicValue is a value of typ with the given attributes and every other one null.
func (r rpc) dynamicValue(typ tftypes.Object, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(typ, configValue(r.t, typ, set))
	if err != nil {
		r.t.Fatal(err)
	}
	return &dv
}

// configure sends the provider's configuration, and returns the schemas.
func (r rpc) configure(providerConfig map[string]tftypes.Value) *tfprotov6.GetProviderSchemaResponse {
	r.t.Helper()
	ctx := context.Background()
	schemas, err := r.server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		r.t.Fatal(err)
	}
	providerType := schemas.Provider.ValueType().(tftypes.Object) //nolint:forcetypeassert // a schema is an object
	configured, err := r.server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion:   "1.11.4",
		Config:             r.dynamicValue(providerType, providerConfig),
		ClientCapabilities: &tfprotov6.ConfigureProviderClientCapabilities{DeferralAllowed: r.deferralAllowed},
	})
	if err != nil || hasError(configured.Diagnostics) {
		r.t.Fatalf("configure: %v %v", err, configured.Diagnostics)
	}
	return schemas
}

func (r rpc) read(providerConfig map[string]tftypes.Value, typeName string, args map[string]tftypes.Value) *tfprotov6.ReadDataSourceResponse {
	r.t.Helper()
	ctx := context.Background()
	schemas := r.configure(providerConfig)
	dsType := schemas.DataSourceSchemas[typeName].ValueType().(tftypes.Object) //nolint:forcetypeassert // a schema is an object
	resp, err := r.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{
		TypeName:           typeName,
		Config:             r.dynamicValue(dsType, args),
		ClientCapabilities: &tfprotov6.ReadDataSourceClientCapabilities{DeferralAllowed: r.deferralAllowed},
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return resp
}

// stateOf decodes a response's state against the data source's schema type.
func stateOf(t *testing.T, typ tftypes.Object, resp *tfprotov6.ReadDataSourceResponse) *tftypes.Value {
	t.Helper()
	if resp.State == nil {
		return nil
	}
	v, err := resp.State.Unmarshal(typ)
	if err != nil {
		t.Fatalf("the state does not decode against the schema: %v", err)
	}
	return &v
}

// canonical is a value's encoding by terraform-plugin-go itself (attributes
// in name order, the shortest headers).
func canonical(t *testing.T, typ tftypes.Object, v *tftypes.Value) []byte {
	t.Helper()
	if v == nil {
		return nil
	}
	dv, err := tfprotov6.NewDynamicValue(typ, *v)
	if err != nil {
		t.Fatal(err)
	}
	return dv.MsgPack
}

// diagnosticsText is diagnostics as text, with each request id (new for
// every request) replaced by one placeholder.
func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s: %s @ %v\n", d.Severity, d.Summary, d.Detail, d.Attribute)
	}
	return requestID.ReplaceAllString(b.String(), "req_…")
}

var requestID = regexp.MustCompile(`req_[0-9A-Z]{26}`)

// assertSameRead holds the framework's own read (a plain State.Set of typed
// models) and the streamed one to the same state, diagnostics and deferral.
func assertSameRead(t *testing.T, typ tftypes.Object, framework, streamed *tfprotov6.ReadDataSourceResponse) {
	t.Helper()
	if a, b := diagnosticsText(framework.Diagnostics), diagnosticsText(streamed.Diagnostics); a != b {
		t.Errorf("diagnostics differ:\nframework:\n%s\nstreamed:\n%s", a, b)
	}
	if fmt.Sprint(framework.Deferred) != fmt.Sprint(streamed.Deferred) {
		t.Errorf("deferral differs: framework %+v, streamed %+v", framework.Deferred, streamed.Deferred)
	}
	a, b := stateOf(t, typ, framework), stateOf(t, typ, streamed)
	if (a == nil) != (b == nil) || (a != nil && !a.Equal(*b)) {
		t.Fatalf("states differ:\nframework: %v\nstreamed:  %v", a, b)
	}
	if !bytes.Equal(canonical(t, typ, a), canonical(t, typ, b)) {
		t.Fatal("the states' encodings differ")
	}
}

// TestStreamedAndFrameworkStatesAgree reads the same sandbox answers through
// the framework's own server, whose Reads build the state from typed models
// with State.Set, and through NewServer, whose Reads stream it, and holds
// them to identical states, diagnostics and deferrals. The sandbox has nulls
// and values in every nullable field, unassigned conversations among them.
func TestStreamedAndFrameworkStatesAgree(t *testing.T) {
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 11, Conversations: 260}})
	contactID := sb.Contacts()[0].ID
	provider := map[string]tftypes.Value{"api_key": str(sb.APIKey), "base_url": str(sb.URL), "max_retries": num(0)}
	reads := []struct {
		typeName string
		args     map[string]tftypes.Value
		fault    *sandbox.Fault
	}{
		{typeName: "kirimchat_conversations"},
		{typeName: "kirimchat_conversations", args: map[string]tftypes.Value{"status": str("open")}},
		{typeName: "kirimchat_conversations", args: map[string]tftypes.Value{"contact_id": str(contactID)}},
		{typeName: "kirimchat_conversations", args: map[string]tftypes.Value{"max_results": num(15)}},
		{typeName: "kirimchat_conversations", args: map[string]tftypes.Value{"last_message_after": str("2026-10-20T00:00:00Z"), "status": str("open")}},
		{typeName: "kirimchat_conversations", fault: &sandbox.Fault{Status: 503, Skip: 1, Times: sandbox.Forever}},
		{typeName: "kirimchat_contacts"},
		{typeName: "kirimchat_contacts", args: map[string]tftypes.Value{"search": str("a"), "max_results": num(7)}},
		{typeName: "kirimchat_labels"},
		{typeName: "kirimchat_labels", args: map[string]tftypes.Value{"max_results": num(2)}},
		{typeName: "kirimchat_contact", args: map[string]tftypes.Value{"id": str(contactID)}},
		{typeName: "kirimchat_me"},
	}
	for _, read := range reads {
		t.Run(fmt.Sprintf("%s %v %v", read.typeName, read.args, read.fault != nil), func(t *testing.T) {
			responses := map[string]*tfprotov6.ReadDataSourceResponse{}
			for name, server := range map[string]tfprotov6.ProviderServer{"framework": frameworkServer(t), "streamed": streamingServerForTest(t)} {
				if read.fault != nil {
					sb.AddFault(*read.fault)
				}
				responses[name] = rpc{t: t, server: server}.read(provider, read.typeName, read.args)
				sb.ClearFaults()
			}
			typ := dataSourceType(t, read.typeName)
			assertSameRead(t, typ, responses["framework"], responses["streamed"])
			if read.fault != nil && !hasError(responses["streamed"].Diagnostics) {
				t.Fatal("the fault should have failed the read")
			}
			// Agreeing is not enough: two failed reads agree too.
			if read.fault == nil && (hasError(responses["streamed"].Diagnostics) || stateOf(t, typ, responses["streamed"]).IsNull()) {
				t.Fatalf("the read failed on both servers:\n%s", diagnosticsText(responses["streamed"].Diagnostics))
			}
			_, isList := listAttributes[read.typeName]
			if streamed := responses["streamed"].State; isList && read.fault == nil && streamed.MsgPack[0] != streamedHeader {
				t.Fatal("NewServer did not send the streamed state") // the framework's encoding starts with a fixmap
			}
		})
	}
}

// listAttributes are the list data sources' list attributes.
var listAttributes = map[string]string{
	"kirimchat_conversations": "conversations", "kirimchat_contacts": "contacts", "kirimchat_labels": "labels",
}

// dataSourceType is the type of a data source as Terraform sees it, under
// the names NewServer serves.
func dataSourceType(t *testing.T, typeName string) tftypes.Object {
	t.Helper()
	schemas, err := streamingServerForTest(t).GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if schema := schemas.DataSourceSchemas[typeName]; schema != nil {
		typ, ok := schema.ValueType().(tftypes.Object)
		if ok {
			return typ
		}
	}
	t.Fatalf("no data source %s", typeName)
	return tftypes.Object{}
}

// TestAReadWithAnUnknownKeyIsDeferred: with the API key unknown at plan, a
// CLI that can defer gets a deferral (and an unknown state) from NewServer,
// and one that cannot gets the pending-attributes error; neither sends a
// request. (The framework answers these before any Read, so the streamed
// state is never involved; statewire's TestTheStreamedStateIsSentOnlyForACleanRead
// holds that a deferral is sent as the framework made it.)
func TestAReadWithAnUnknownKeyIsDeferred(t *testing.T) {
	sb := acctest.StartSandbox(t, sandbox.Options{})
	provider := map[string]tftypes.Value{"api_key": tftypes.NewValue(tftypes.String, tftypes.UnknownValue), "base_url": str(sb.URL)}
	for _, deferralAllowed := range []bool{true, false} {
		for typeName := range listAttributes {
			t.Run(fmt.Sprintf("%s deferral allowed %v", typeName, deferralAllowed), func(t *testing.T) {
				streamed := rpc{t: t, server: streamingServerForTest(t), deferralAllowed: deferralAllowed}.read(provider, typeName, nil)
				typ := dataSourceType(t, typeName)
				if deferralAllowed {
					if streamed.Deferred == nil || streamed.Deferred.Reason != tfprotov6.DeferredReasonProviderConfigUnknown {
						t.Fatalf("want a deferral for the unknown provider configuration, got %+v", streamed.Deferred)
					}
					if state := stateOf(t, typ, streamed); state == nil || state.IsKnown() {
						t.Fatalf("a deferred read's state is unknown, got %v", state)
					}
				} else if !strings.Contains(diagnosticsText(streamed.Diagnostics), "api_key depend on values known only after apply") {
					t.Fatalf("want the pending-attributes error, got:\n%s", diagnosticsText(streamed.Diagnostics))
				}
			})
		}
	}
	if n := len(sb.Requests()); n != 0 {
		t.Fatalf("a read without a known key sent %d requests", n)
	}
}

// streamedRead runs a list source's Read as NewServer does, with a slot for
// the streamed state.
func streamedRead[T kirimchat.Record, A listArguments[T]](t *testing.T, s listSource[T, A], data *providerData, schemaResp datasource.SchemaResponse) (*statewire.Slot, diag.Diagnostics) {
	t.Helper()
	ctx, streamed := statewire.WithSlot(context.Background())
	typ := schemaType(schemaResp.Schema)
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: schemaResp.Schema, Raw: configValue(t, typ, nil)}}
	s.read(ctx, data, tfsdk.Config{Schema: schemaResp.Schema, Raw: configValue(t, typ, nil)}, dataSourceState(&resp.State), &resp.Diagnostics)
	return streamed, resp.Diagnostics
}

// TestAFailedConversionStopsTheDrainAtOnce: when encoding a page fails, the
// drain is cancelled: no page is asked for after the failure but the one
// already in flight, and the read fails with no state.
func TestAFailedConversionStopsTheDrainAtOnce(t *testing.T) {
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 5, Conversations: 2000}})
	// Pages 20 ms apart, as over a network: the drain cannot run ahead of the
	// encoder, so what is asked after the failure is what the cancellation
	// let through, not what a busy scheduler did before it.
	sb.AddFault(sandbox.Fault{Path: "/conversations", Delay: 20 * time.Millisecond, Times: sandbox.Forever})
	data, diags := configure(context.Background(), t, map[string]tftypes.Value{
		"api_key": str(sb.APIKey), "base_url": str(sb.URL), "page_size": num(10)})
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	var requestsAtFailure atomic.Int64
	failing := conversationsList
	encoded := 0
	failing.record = withHook(conversationRecord, func(c *kirimchat.Conversation) {
		if encoded++; encoded == 25 { // on page 3
			requestsAtFailure.Store(int64(len(sb.Requests())))
			panic("cannot encode " + c.ID)
		}
	}, nil)
	streamed, diags := streamedRead(t, failing, data, datasource.SchemaResponse{Schema: conversationsSchema()})
	if !diags.HasError() || !strings.Contains(diagText(diags), "converting the API's answer failed: cannot encode cnv_") {
		t.Fatalf("want the conversion error, got:\n%s", diagText(diags))
	}
	if streamed.Bytes() != nil {
		t.Fatal("a failed read left a state")
	}
	after := int64(len(sb.Requests())) - requestsAtFailure.Load()
	if after > 1 {
		t.Fatalf("%d pages were requested after the conversion failed (200 in all); at most the one in flight may be", after)
	}
	t.Logf("%d requests before the failure, %d after", requestsAtFailure.Load(), after)
}

// TestAPanicInAStreamedReadIsAnErrorWithoutTheKey: a panic while encoding,
// or anywhere in a Read, is an error diagnostic with the key masked, never a
// crashed plugin.
func TestAPanicInAStreamedReadIsAnErrorWithoutTheKey(t *testing.T) {
	const key = "kdv_live_PanicPanicPanicPanicPan1"
	sb := acctest.StartSandbox(t, sandbox.Options{APIKeys: []string{key}, Generated: sandbox.GenerateOptions{Seed: 2, Conversations: 30}})
	data, diags := configure(context.Background(), t, map[string]tftypes.Value{"api_key": str(key), "base_url": str(sb.URL)})
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	panicking := labelsList
	panicking.record = withHook(labelRecord, func(*kirimchat.Label) { panic("boom while holding " + key) }, nil)
	_, diags = streamedRead(t, panicking, data, datasource.SchemaResponse{Schema: labelsSchema()})
	if text := diagText(diags); diags.ErrorsCount() != 1 || strings.Contains(text, key) || !strings.Contains(text, "boom while holding [REDACTED]") {
		t.Fatalf("unexpected diagnostics:\n%s", text)
	}

	panicking = labelsList
	panicking.record = withHook(labelRecord, nil, func(*kirimchat.Label) { panic("lost " + key) })
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: labelsSchema(), Raw: configValue(t, schemaType(labelsSchema()), nil)}}
	panicking.read(context.Background(), data, tfsdk.Config{Schema: labelsSchema(), Raw: configValue(t, schemaType(labelsSchema()), nil)},
		dataSourceState(&resp.State), &resp.Diagnostics)
	if text := diagText(resp.Diagnostics); resp.Diagnostics.ErrorsCount() != 1 || strings.Contains(text, key) ||
		!strings.Contains(text, "kirimchat_labels stopped: lost [REDACTED]") {
		t.Fatalf("unexpected diagnostics:\n%s", text)
	}
}

func TestRecoverPanicTurnsAPanicIntoAnErrorWithoutTheKey(t *testing.T) {
	const key = "kdv_live_PanicPanicPanicPanicPan2"
	var diags diag.Diagnostics
	func() {
		defer (&providerData{apiKey: key}).recoverPanic(&diags, "kirimchat_me")
		panic("lost " + key)
	}()
	if diags.ErrorsCount() != 1 || strings.Contains(diags[0].Detail(), key) || !strings.Contains(diags[0].Detail(), "kirimchat_me stopped: lost [REDACTED]") {
		t.Fatalf("got %v", diags)
	}
}

// TestTheEphemeralListIsTheDataSourcesTwin: the same type, and the same
// result as the data source's state, through the framework's own server and
// through NewServer's stream.
func TestTheEphemeralListIsTheDataSourcesTwin(t *testing.T) {
	dsType := dataSourceType(t, "kirimchat_conversations")
	if ephemeralType := schemaType(ephemeralSchema(conversationsSchema(), "")); !ephemeralType.Equal(dsType) {
		t.Fatalf("the ephemeral schema's type differs: %s", ephemeralType)
	}

	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 12, Conversations: 230}})
	provider := map[string]tftypes.Value{"api_key": str(sb.APIKey), "base_url": str(sb.URL)}
	args := map[string]tftypes.Value{"status": str("open"), "max_results": num(50)}
	dataSource := rpc{t: t, server: streamingServerForTest(t)}.read(provider, "kirimchat_conversations", args)
	for name, server := range map[string]tfprotov6.ProviderServer{"framework": frameworkServer(t), "streamed": streamingServerForTest(t)} {
		r := rpc{t: t, server: server}
		r.configure(provider)
		resp, err := server.OpenEphemeralResource(context.Background(), &tfprotov6.OpenEphemeralResourceRequest{
			TypeName: "kirimchat_conversations", Config: r.dynamicValue(dsType, args)})
		if err != nil || hasError(resp.Diagnostics) {
			t.Fatalf("%s: %v %s", name, err, diagnosticsText(resp.Diagnostics))
		}
		assertSameRead(t, dsType, dataSource, &tfprotov6.ReadDataSourceResponse{State: resp.Result, Diagnostics: resp.Diagnostics})
		if name == "streamed" && resp.Result.MsgPack[0] != streamedHeader {
			t.Fatal("NewServer did not send the streamed result")
		}
	}
}

// TestNewServerServesEveryRPCOfTheFrameworks: every method of the
// framework's own server is served by NewServer's, the ones outside
// tfprotov6.ProviderServer (list resources, actions, state stores) included:
// a list resource or action added later is found, not "not implemented".
func TestNewServerServesEveryRPCOfTheFrameworks(t *testing.T) {
	framework, served := reflect.TypeOf(frameworkServer(t)), reflect.TypeOf(streamingServerForTest(t))
	for i := range framework.NumMethod() {
		if _, ok := served.MethodByName(framework.Method(i).Name); !ok {
			t.Errorf("NewServer's server lacks the framework's %s", framework.Method(i).Name)
		}
	}
	// And the call reaches the framework: its answer for a list resource it
	// does not have, not a panic or "unimplemented".
	lister, ok := streamingServerForTest(t).(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // the optional interface is what is checked
	if !ok {
		t.Fatal("NewServer's server serves no list resources")
	}
	resp, err := lister.ValidateListResourceConfig(context.Background(), &tfprotov6.ValidateListResourceConfigRequest{TypeName: "kirimchat_none"})
	if err != nil || !hasError(resp.Diagnostics) || !strings.Contains(diagnosticsText(resp.Diagnostics), "kirimchat_none") {
		t.Fatalf("got %v, %v", err, resp)
	}
}

// panickingArguments drain one page of labels, then panic.
type panickingArguments struct {
	MaxResultsArgument
}

//nolint:unparam // listArguments' signature
func (panickingArguments) list(_ context.Context, _ *kirimchat.Client, eachPage func([]kirimchat.Label) error) (kirimchat.ListResult[kirimchat.Label], error) {
	if err := eachPage([]kirimchat.Label{{ID: "lbl_1", Object: "label", Name: "VIP", Color: "red", TeamID: "team_1",
		CreatedAt: "2026-11-01T00:00:00Z", UpdatedAt: "2026-11-01T00:00:00Z"}}); err != nil {
		return kirimchat.ListResult[kirimchat.Label]{}, err
	}
	panic("the drain broke")
}

// TestAPanicInTheDrainLeavesNoEncoderBehind: when the drain itself panics
// mid-stream, the read is an error and the encoding goroutine ends with it.
func TestAPanicInTheDrainLeavesNoEncoderBehind(t *testing.T) {
	sb := acctest.StartSandbox(t, sandbox.Options{})
	data, diags := configure(context.Background(), t, map[string]tftypes.Value{"api_key": str(sb.APIKey), "base_url": str(sb.URL)})
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	before := runtime.NumGoroutine()
	source := listSource[kirimchat.Label, panickingArguments]{noun: "label", attribute: "labels", schema: schemaType(labelsSchema()), record: labelRecord}
	for range 20 {
		if _, diags = streamedRead(t, source, data, datasource.SchemaResponse{Schema: labelsSchema()}); !strings.Contains(diagText(diags), "the drain broke") {
			t.Fatalf("want the panic as an error, got:\n%s", diagText(diags))
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Fatalf("%d goroutines before 20 panicking reads, %d after", before, after)
	}
}
