package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewServer returns the provider's protocol 6 server: the framework's, except
// that the list data sources' ReadDataSource sends the state their read
// wrote in wire form (wire.go), as it is.
//
// After a Read, the framework converts the whole new state into framework
// values and walks it twice (semantic equality, null collection blocks)
// before encoding it. For a list of 10,000 conversations that was two thirds
// of the provider's time and most of its memory (BenchmarkReadDataSourceRPC),
// and it changes nothing for lists of computed attributes of plain types.
// Everything else (schemas, validation, configuration, the other data
// sources) stays with the framework.
func NewServer(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := &kirimchatProvider{version: version}
		framework, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		return &server{ProviderServer: framework, provider: p}, nil
	}
}

type server struct {
	tfprotov6.ProviderServer
	provider *kirimchatProvider
}

// directRead is a data source whose state the server sends exactly as its
// readWire wrote it.
type directRead struct {
	schema        func() schema.Schema
	newDataSource func(*providerData) wireReader
}

var directReads = map[string]directRead{
	"kirimchat_conversations": {conversationsSchema, func(d *providerData) wireReader { return &conversationsDataSource{provider: d} }},
	"kirimchat_contacts":      {contactsSchema, func(d *providerData) wireReader { return &contactsDataSource{provider: d} }},
	"kirimchat_labels":        {labelsSchema, func(d *providerData) wireReader { return &labelsDataSource{provider: d} }},
}

func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (resp *tfprotov6.ReadDataSourceResponse, err error) {
	direct, ok := directReads[req.TypeName]
	configured := s.provider.configured.Load()
	if !ok || configured == nil || req.Config == nil {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	if configured.deferred {
		return &tfprotov6.ReadDataSourceResponse{
			Deferred: &tfprotov6.Deferred{Reason: tfprotov6.DeferredReasonProviderConfigUnknown},
		}, nil
	}
	// A panic would end the plugin with a stack trace on terraform's screen:
	// report it as an error instead, with the key masked like everywhere.
	defer func() {
		if r := recover(); r != nil {
			summary, detail := panicDiagnostic(r, req.TypeName, configured.data)
			resp = &tfprotov6.ReadDataSourceResponse{Diagnostics: []*tfprotov6.Diagnostic{{
				Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: detail,
			}}}
			err = nil
		}
	}()
	sch := direct.schema()
	config, err := req.Config.Unmarshal(schemaType(sch))
	if err != nil {
		return nil, err
	}
	wire, diags := direct.newDataSource(configured.data).readWire(ctx, tfsdk.Config{Schema: sch, Raw: config})
	resp = &tfprotov6.ReadDataSourceResponse{Diagnostics: protocolDiagnostics(diags)}
	if !diags.HasError() {
		resp.State = &tfprotov6.DynamicValue{MsgPack: wire}
	}
	return resp, nil
}

// protocolDiagnostics converts diagnostics for the wire.
func protocolDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: d.Summary(), Detail: d.Detail()}
		if d.Severity() == diag.SeverityError {
			pd.Severity = tfprotov6.DiagnosticSeverityError
		}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(withPath.Path())
		}
		out = append(out, pd)
	}
	return out
}

// attributePath converts the root-attribute paths the data sources use.
func attributePath(p path.Path) *tftypes.AttributePath {
	ap := tftypes.NewAttributePath()
	for _, step := range p.Steps() {
		if name, ok := step.(path.PathStepAttributeName); ok {
			ap = ap.WithAttributeName(string(name))
		}
	}
	return ap
}
