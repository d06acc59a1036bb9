package statewire

import (
	"bytes"
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// Rename is a root attribute of a data source that the framework declares
// under one name and Terraform knows under another. The framework refuses
// Terraform's meta-argument names (count, for_each, depends_on, …) at the
// root of every schema; Terraform itself reserves them only as arguments of
// the block, and a computed attribute is never an argument. Server serves
// the attribute under its name: in the schema, in each configuration it
// hands the framework, in each state it returns and in diagnostics' paths.
type Rename struct {
	DataSource string // the data source's type name, such as kirimchat_conversation_summary
	Declared   string // the attribute's name in the framework's schema
	Served     string // the attribute's name for Terraform
}

func (s Server) renameFor(typeName string) *Rename {
	for i := range s.Renames {
		if s.Renames[i].DataSource == typeName {
			return &s.Renames[i]
		}
	}
	return nil
}

// GetProviderSchema is the framework's, with each renamed attribute under
// the name Terraform knows.
func (s Server) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	resp, err := s.FrameworkServer.GetProviderSchema(ctx, req)
	if err != nil || resp == nil {
		return resp, err
	}
	for _, r := range s.Renames {
		schema := resp.DataSourceSchemas[r.DataSource]
		if schema == nil || schema.Block == nil {
			continue
		}
		for _, a := range schema.Block.Attributes {
			if a.Name == r.Declared {
				a.Name = r.Served
			}
		}
	}
	return resp, nil
}

// ValidateDataResourceConfig is the framework's, on the configuration under
// the declared names.
func (s Server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	r := s.renameFor(req.TypeName)
	if r == nil {
		return s.FrameworkServer.ValidateDataResourceConfig(ctx, req)
	}
	declared := *req
	config, err := s.toDeclared(ctx, r, req.Config)
	if err != nil {
		return &tfprotov6.ValidateDataResourceConfigResponse{Diagnostics: renameFailed(err)}, nil
	}
	declared.Config = config
	resp, err := s.FrameworkServer.ValidateDataResourceConfig(ctx, &declared)
	if err == nil && resp != nil {
		r.inDiagnostics(resp.Diagnostics)
	}
	return resp, err
}

// readRenamed is ReadDataSource for a data source with a renamed attribute:
// read reads the configuration under the declared names, and the state it
// returns goes back under the served ones.
func (s Server) readRenamed(ctx context.Context, r *Rename, req *tfprotov6.ReadDataSourceRequest,
	read func(context.Context, *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error),
) (*tfprotov6.ReadDataSourceResponse, error) {
	declared := *req
	config, err := s.toDeclared(ctx, r, req.Config)
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: renameFailed(err)}, nil
	}
	declared.Config = config
	resp, err := read(ctx, &declared)
	if err != nil || resp == nil {
		return resp, err
	}
	r.inDiagnostics(resp.Diagnostics)
	if resp.State != nil {
		var err error
		resp.State, err = renameRoot(resp.State, func() (tftypes.Object, error) { return s.declaredType(ctx, r.DataSource) }, r.Declared, r.Served)
		if err != nil {
			return &tfprotov6.ReadDataSourceResponse{Diagnostics: append(resp.Diagnostics, renameFailed(err)...)}, nil
		}
	}
	return resp, nil
}

func (s Server) toDeclared(ctx context.Context, r *Rename, config *tfprotov6.DynamicValue) (*tfprotov6.DynamicValue, error) {
	if config == nil {
		return nil, nil
	}
	served := func() (tftypes.Object, error) {
		typ, err := s.declaredType(ctx, r.DataSource)
		return renamedType(typ, r.Declared, r.Served), err
	}
	return renameRoot(config, served, r.Served, r.Declared)
}

// declaredType is the data source's type under the framework's names: the
// whole provider schema is built to find it, so it is asked for only when a
// value comes as JSON, not for each read.
func (s Server) declaredType(ctx context.Context, dataSource string) (tftypes.Object, error) {
	resp, err := s.FrameworkServer.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return tftypes.Object{}, err
	}
	schema := resp.DataSourceSchemas[dataSource]
	if schema == nil {
		return tftypes.Object{}, fmt.Errorf("the framework serves no data source %s", dataSource)
	}
	typ, ok := schema.ValueType().(tftypes.Object)
	if !ok {
		return tftypes.Object{}, fmt.Errorf("the schema of %s is a %s, not an object", dataSource, schema.ValueType())
	}
	return typ, nil
}

// renamedType is typ with its attribute from named to.
func renamedType(typ tftypes.Object, from, to string) tftypes.Object {
	attributes := make(map[string]tftypes.Type, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		if name == from {
			name = to
		}
		attributes[name] = t
	}
	return tftypes.Object{AttributeTypes: attributes}
}

// renameRoot is v, an object of the type typeOf gives, with its attribute
// from named to. A msgpack value is renamed in its bytes: its root map's
// keys are read and each value is copied whole, so that a large state (a
// summary's id lists) is neither decoded nor built again, and its type is
// not needed.
func renameRoot(v *tfprotov6.DynamicValue, typeOf func() (tftypes.Object, error), from, to string) (*tfprotov6.DynamicValue, error) {
	if v.MsgPack != nil {
		renamed, err := renameRootKey(v.MsgPack, from, to)
		return &tfprotov6.DynamicValue{MsgPack: renamed}, err
	}
	typ, err := typeOf()
	if err != nil {
		return nil, err
	}
	value, err := v.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	target := renamedType(typ, from, to)
	switch {
	case value.IsNull():
		return newDynamicValue(target, nil)
	case !value.IsKnown():
		return newDynamicValue(target, tftypes.UnknownValue)
	}
	var attributes map[string]tftypes.Value
	if err := value.As(&attributes); err != nil {
		return nil, err
	}
	attributes[to] = attributes[from]
	delete(attributes, from)
	return newDynamicValue(target, attributes)
}

// renameRootKey is the msgpack object data with its root key from named
// to. Null and unknown (nil, and an extension) have no keys to rename.
func renameRootKey(data []byte, from, to string) ([]byte, error) {
	dec := msgpack.NewDecoder(bytes.NewReader(data))
	code, err := dec.PeekCode()
	if err != nil {
		return nil, err
	}
	if !msgpcode.IsFixedMap(code) && code != msgpcode.Map16 && code != msgpcode.Map32 {
		return data, nil
	}
	n, err := dec.DecodeMapLen()
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(len(data) + len(to))
	enc := msgpack.NewEncoder(&out)
	if err := enc.EncodeMapLen(n); err != nil {
		return nil, err
	}
	for range n {
		key, err := dec.DecodeString()
		if err != nil {
			return nil, err
		}
		if key == from {
			key = to
		}
		value, err := dec.DecodeRaw()
		if err != nil {
			return nil, err
		}
		if err := enc.EncodeString(key); err != nil {
			return nil, err
		}
		out.Write(value)
	}
	return out.Bytes(), nil
}

func newDynamicValue(typ tftypes.Object, value any) (*tfprotov6.DynamicValue, error) {
	v, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, value))
	return &v, err
}

// inDiagnostics names the attribute as Terraform knows it in each
// diagnostic's path.
func (r *Rename) inDiagnostics(diags []*tfprotov6.Diagnostic) {
	for _, d := range diags {
		if d.Attribute == nil {
			continue
		}
		steps := d.Attribute.Steps()
		if len(steps) > 0 && steps[0] == tftypes.AttributeName(r.Declared) {
			steps[0] = tftypes.AttributeName(r.Served)
			d.Attribute = tftypes.NewAttributePathWithSteps(steps)
		}
	}
}

func renameFailed(err error) []*tfprotov6.Diagnostic {
	return []*tfprotov6.Diagnostic{{
		Severity: tfprotov6.DiagnosticSeverityError,
		Summary:  "Unable to rename an attribute for Terraform",
		Detail:   "This is a bug in the provider: " + err.Error(),
	}}
}
