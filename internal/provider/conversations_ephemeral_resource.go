package provider

import (
	"context"
	"fmt"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*conversationsEphemeralResource)(nil)

// NewConversationsEphemeralResource is the ephemeral kirimchat_conversations:
// the data source's arguments and attributes, read by the same engine
// (conversationsList), but never written to the state or shown in a plan.
func NewConversationsEphemeralResource() ephemeral.EphemeralResource {
	return &conversationsEphemeralResource{}
}

type conversationsEphemeralResource struct {
	provider *providerData
}

func (e *conversationsEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_conversations"
}

func (e *conversationsEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = ephemeralSchema(conversationsSchema(),
		"Lists the organization's conversations like the `kirimchat_conversations` data source (the same arguments, "+
			"attributes and reading), as an **ephemeral resource**: the list is read once per run and is never written "+
			"to the state or shown in a plan. Use it for audits in `check` blocks whose message need not name rows: "+
			"customers' names, phone numbers and agents' emails then stay out of the state and the plan output. "+
			"Ephemeral resources need a newer CLI than data sources: see the provider's "+
			"[Requirements](https://registry.terraform.io/providers/kirimchat/kirimchat/latest/docs#requirements).")
}

func (e *conversationsEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.provider = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *conversationsEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	conversationsList.read(ctx, e.provider, req.Config, ephemeralResult(&resp.Result), &resp.Diagnostics)
}

// ephemeralSchema is a data source's schema as an ephemeral resource's: the
// same attributes, types, validators and descriptions, so that one
// definition serves both.
func ephemeralSchema(s dsschema.Schema, description string) schema.Schema {
	return schema.Schema{MarkdownDescription: description, Attributes: ephemeralAttributes(s.Attributes)}
}

func ephemeralAttributes(in map[string]dsschema.Attribute) map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(in))
	for name, a := range in {
		switch a := a.(type) {
		case dsschema.StringAttribute:
			out[name] = schema.StringAttribute{CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed,
				Sensitive: a.Sensitive, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
		case dsschema.Int64Attribute:
			out[name] = schema.Int64Attribute{CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed,
				Sensitive: a.Sensitive, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
		case dsschema.BoolAttribute:
			out[name] = schema.BoolAttribute{CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed,
				Sensitive: a.Sensitive, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
		case dsschema.ListAttribute:
			out[name] = schema.ListAttribute{ElementType: a.ElementType, CustomType: a.CustomType, Required: a.Required, Optional: a.Optional,
				Computed: a.Computed, Sensitive: a.Sensitive, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
		case dsschema.ListNestedAttribute:
			out[name] = schema.ListNestedAttribute{
				NestedObject: schema.NestedAttributeObject{Attributes: ephemeralAttributes(a.NestedObject.Attributes), CustomType: a.NestedObject.CustomType},
				CustomType:   a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed,
				Sensitive: a.Sensitive, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
		case dsschema.SingleNestedAttribute:
			out[name] = schema.SingleNestedAttribute{Attributes: ephemeralAttributes(a.Attributes), CustomType: a.CustomType,
				Required: a.Required, Optional: a.Optional, Computed: a.Computed,
				Sensitive: a.Sensitive, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
		default:
			panic(fmt.Sprintf("attribute %q: %T has no ephemeral form yet", name, a))
		}
	}
	return out
}
