package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewServer returns the provider's protocol 6 server: the framework's, except
// that the list data sources' ReadDataSource runs their Read directly.
//
// After a Read, the framework converts the whole new state into framework
// values and walks it twice (semantic equality, null collection blocks)
// before encoding it. For a list of 10,000 conversations that was two thirds
// of the provider's time and most of its memory (BenchmarkReadDataSourceRPC),
// and it changes nothing for attributes that are all computed, plain types.
// The direct path runs the same Read, with the same configuration and
// diagnostics, and encodes its state for terraform.
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

// directRead is a data source read without the framework's
// post-processing: a long list of computed attributes of plain types.
type directRead struct {
	schema        func() schema.Schema
	newDataSource func(*providerData) datasource.DataSource
}

var directReads = map[string]directRead{
	"kirimchat_conversations": {conversationsSchema, func(d *providerData) datasource.DataSource { return &conversationsDataSource{provider: d} }},
	"kirimchat_labels":        {labelsSchema, func(d *providerData) datasource.DataSource { return &labelsDataSource{provider: d} }},
}

func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
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

	sch := direct.schema()
	typ := schemaType(sch)
	config, err := req.Config.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	readResp := datasource.ReadResponse{State: tfsdk.State{Schema: sch, Raw: config.Copy()}}
	direct.newDataSource(configured.data).Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: sch, Raw: config}}, &readResp)

	resp := &tfprotov6.ReadDataSourceResponse{Diagnostics: protocolDiagnostics(readResp.Diagnostics)}
	if readResp.Diagnostics.HasError() {
		return resp, nil
	}
	encoded, err := tfprotov6.NewDynamicValue(typ, readResp.State.Raw)
	if err != nil {
		return nil, err
	}
	resp.State = &encoded
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
