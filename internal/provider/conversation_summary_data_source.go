package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

var _ datasource.DataSourceWithConfigure = (*conversationSummaryDataSource)(nil)

// NewConversationSummaryDataSource is the kirimchat_conversation_summary
// data source: the answers audits need (counts, and the ids to act on),
// computed as the pages of GET /conversations arrive, so that neither the
// state nor Terraform holds the list, and no customer's or agent's personal
// data is kept.
func NewConversationSummaryDataSource() datasource.DataSource {
	return &conversationSummaryDataSource{}
}

type conversationSummaryDataSource struct {
	provider *providerData
}

// defaultWaitingLongerThan is WhatsApp's customer-service window: past it, a
// business may answer only with a template.
const defaultWaitingLongerThan = 24 * time.Hour

// countDeclaredAs is the name the framework knows `count` by. The framework
// refuses `count` at the root of any schema, and Terraform refuses
// `data.TYPE.NAME.count` in expressions (a 0.11 form, "Invalid resource
// count attribute"), but it takes `count` in a state and through an object
// value, such as a local holding the data source. NewServer serves it as
// `count` (statewire.Rename); conversation_count holds the same number for
// expressions.
const countDeclaredAs = "count_attribute"

// waitingBounds are the accepted waiting_longer_than values.
var waitingBounds = durationBounds{min: 0, max: 10 * 365 * 24 * time.Hour}

func (d *conversationSummaryDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_conversation_summary"
}

func (d *conversationSummaryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = conversationSummarySchema()
}

func conversationSummarySchema() schema.Schema {
	count := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
	}
	countBy := func(description string) schema.MapAttribute {
		return schema.MapAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: description}
	}
	ids := func(description string) schema.ListAttribute {
		return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: description}
	}
	return schema.Schema{
		MarkdownDescription: "Summarizes the organization's conversations for audits: counts by status, assignee and " +
			"WhatsApp number, and the ids of the unassigned and waiting ones. It reads **every page** of " +
			"`GET /conversations` exactly as `kirimchat_conversations` does (the same filters, pacing and strict " +
			"reading: an answer that breaks the API's contract fails the read), but keeps only these figures, computed " +
			"as the pages arrive. The state holds no customer's name, phone number or email and no agent's name or " +
			"email: ids, statuses, counts, timestamps and the business's own WhatsApp numbers only; its size does not " +
			"grow with the organization, apart from the id lists.",
		Attributes: map[string]schema.Attribute{
			"id": queryIDAttribute("status=open"),
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only conversations with this status: `open`, `resolved` or `pending`. Checked at plan time.",
				Validators:          []validator.String{conversationStatusValidator()},
			},
			"contact_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only conversations with this contact (`ctc_` followed by 26 characters). A contact " +
					"that does not exist fails the read, naming the id: an audit over nothing never passes.",
				Validators: []validator.String{
					contactIDValidator(),
					stringvalidator.ConflictsWith(path.MatchRoot("contact_ids")),
				},
			},
			"contact_ids": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Only conversations with one of these contacts, such as the VIP customers: one " +
					"filtered read per contact, so the requests grow with the contacts named, not with the organization: " +
					"at least one per contact, and one `GET /contacts/{id}` more for each contact with no matching " +
					"conversation (500 contacts cost about 600 requests, a minute of the free tier's 600 reads). " +
					"Ids are case-insensitive: two spellings of one id are one contact, read once. Any id that names no " +
					"contact fails the read, naming every such id. An empty set is refused at plan time: it would " +
					"summarize nothing, and an audit over nothing passes.",
				Validators: []validator.Set{
					nonEmptySetValidator{},
					setvalidator.ValueStringsAre(contactIDValidator()),
				},
			},
			"last_message_after": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{timestampValidator{}},
				MarkdownDescription: "Only conversations whose `last_message_at` is later than this time (RFC 3339), " +
					"as for `kirimchat_conversations`: the read stops at the first conversation that is not later. " +
					"Write `timeadd(plantimestamp(), \"-24h\")`, not `timestamp()`, which is known only at apply.",
			},
			"waiting_longer_than": schema.StringAttribute{
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{durationValidator{waitingBounds}},
				MarkdownDescription: fmt.Sprintf("How long a customer's unanswered message may wait before its "+
					"conversation counts as waiting, as a duration such as `\"4h\"` or `\"90m\"` (%s–%s), kept as "+
					"written. Default `%s`, WhatsApp's customer-service window.", shortDuration(waitingBounds.min), shortDuration(waitingBounds.max),
					shortDuration(defaultWaitingLongerThan)),
			},
			"as_of": schema.StringAttribute{
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{timestampValidator{}},
				MarkdownDescription: "The time waiting is measured at (RFC 3339). Default: the time of the read, " +
					"to the second, in UTC. Recipes pass `plantimestamp()`, so that the plan and every check measure " +
					"at the same time; `timestamp()` is known only at apply.",
			},
			"conversation_count": count("How many conversations matched. Write this one in expressions."),
			countDeclaredAs: count("How many conversations matched: the same number as `conversation_count`. Terraform " +
				"refuses `data.kirimchat_conversation_summary.NAME.count` in expressions (it takes `.count` after a data " +
				"source for the 0.11 instance count, and its advice, `length(data.…)`, counts this data source's attributes, not " +
				"conversations), so this name is for what reads the state or the plan as JSON, and for an object value: " +
				"`local.summary.count` with `summary = data.kirimchat_conversation_summary.NAME`."),
			"count_by_status": countBy("Conversations by `status`, keyed by the status as the API sent it; a status " +
				"with none is absent."),
			"count_by_assignee": countBy("Assigned conversations by the assignee's user id (`usr_…`). Unassigned " +
				"conversations are in `unassigned_count`, under no key."),
			"count_by_whatsapp_number": countBy("Conversations by the organization's WhatsApp number they run on " +
				"(`whatsapp_account.phone_number`, E.164). A conversation whose `whatsapp_account` or its number is " +
				"`null` is under no key: they are `conversation_count` minus the sum of this map."),
			"unassigned_count": count("Conversations without an assignee."),
			"unassigned_ids": ids("The ids of the conversations without an assignee, in the API's order (newest-active " +
				"first); with `contact_ids`, contact by contact in the order of their ids, each in the API's order."),
			"waiting_count": count("Conversations in which the customer is waiting: `unread_count` is above 0 and " +
				"`last_inbound_at` is earlier than `as_of` minus `waiting_longer_than`. A conversation whose " +
				"customer never wrote (`last_inbound_at` is `null`) is never waiting. Every status counts: a resolved " +
				"conversation with unread messages is waiting too, so an audit of who waits for an answer sets " +
				"`status = \"open\"`."),
			"waiting_ids": ids("The ids of the waiting conversations, longest waiting first (by `last_inbound_at`, " +
				"across every contact of `contact_ids`); ties in the API's order."),
			"oldest_waiting_since": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The earliest `last_inbound_at` of the waiting conversations, exactly as the API " +
					"wrote it; `null` when none is waiting.",
			},
		},
	}
}

func (d *conversationSummaryDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configureDataSource(req, resp)
}

// conversationSummaryArguments are the data source's arguments.
type conversationSummaryArguments struct {
	Status            types.String `tfsdk:"status"`
	ContactID         types.String `tfsdk:"contact_id"`
	ContactIDs        types.Set    `tfsdk:"contact_ids"`
	LastMessageAfter  types.String `tfsdk:"last_message_after"`
	WaitingLongerThan types.String `tfsdk:"waiting_longer_than"`
	AsOf              types.String `tfsdk:"as_of"`
}

// conversationSummaryModel is the data source's state.
type conversationSummaryModel struct {
	conversationSummaryArguments
	ID                    string           `tfsdk:"id"`
	ConversationCount     int64            `tfsdk:"conversation_count"`
	Count                 int64            `tfsdk:"count_attribute"`
	CountByStatus         map[string]int64 `tfsdk:"count_by_status"`
	CountByAssignee       map[string]int64 `tfsdk:"count_by_assignee"`
	CountByWhatsAppNumber map[string]int64 `tfsdk:"count_by_whatsapp_number"`
	UnassignedCount       int64            `tfsdk:"unassigned_count"`
	UnassignedIDs         types.List       `tfsdk:"unassigned_ids"`
	WaitingCount          int64            `tfsdk:"waiting_count"`
	WaitingIDs            types.List       `tfsdk:"waiting_ids"`
	OldestWaitingSince    *string          `tfsdk:"oldest_waiting_since"`
}

func (d *conversationSummaryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	defer d.provider.recoverPanic(&resp.Diagnostics, "kirimchat_conversation_summary")
	var model conversationSummaryModel
	resp.Diagnostics.Append(getArguments(ctx, req.Config, &model.conversationSummaryArguments)...)
	id, idDiags := queryID(req.Config)
	resp.Diagnostics.Append(idDiags...)
	if resp.Diagnostics.HasError() {
		return
	}
	query, err := model.query(time.Now())
	if err != nil {
		resp.Diagnostics.AddError("Invalid argument", err.Error())
		return
	}
	ctx, client := d.provider.clientFor(ctx, &resp.Diagnostics)
	if client == nil {
		return
	}

	tally := newConversationTally(query.waitingBefore)
	drained, err := query.drain(ctx, client, tally)
	if err != nil {
		summary := "Unable to summarize Kirim.chat conversations"
		if drained.failedContact != "" {
			summary += " of contact " + drained.failedContact
		}
		d.provider.addReadError(ctx, &resp.Diagnostics, summary, err)
		return
	}
	tflog.Debug(ctx, "Summarized Kirim.chat conversations", map[string]any{
		"count": tally.count, "pages": drained.pages, "reads": len(query.contacts), "duplicates_dropped": drained.duplicatesDropped,
	})
	warnIfUnrecognized(&resp.Diagnostics, "conversation", drained.unrecognizedValues(), drained.unrecognized)

	model.ID = id
	if model.WaitingLongerThan.IsNull() {
		model.WaitingLongerThan = types.StringValue(shortDuration(defaultWaitingLongerThan))
	}
	model.AsOf = types.StringValue(query.asOf)
	tally.into(&model)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// summaryQuery is what one summary reads, resolved from the arguments.
type summaryQuery struct {
	status string
	// contacts are the contact_id filters, one drain each; "" is none.
	contacts          []string
	lastMessageAfter  *kirimchat.Timestamp
	asOf              string
	waitingLongerThan time.Duration
	// waitingBefore is as_of minus waiting_longer_than: an unread
	// customer's message earlier than this is waiting.
	waitingBefore kirimchat.Timestamp
}

// query resolves the arguments, now being the read's time. The validators
// checked every known value at plan time already; a value known only at
// apply is checked here, with the same rules.
func (a conversationSummaryArguments) query(now time.Time) (summaryQuery, error) {
	q := summaryQuery{status: a.Status.ValueString(), contacts: []string{a.ContactID.ValueString()}, waitingLongerThan: defaultWaitingLongerThan}
	if !a.ContactIDs.IsNull() {
		q.contacts = nil
		for _, v := range a.ContactIDs.Elements() {
			id, ok := v.(types.String)
			if !ok || !kirimchat.ContactIDPattern.MatchString(id.ValueString()) {
				return q, fmt.Errorf("contact_ids holds %s, which is not a contact id: ctc_ followed by 26 Crockford base32 characters", v)
			}
			q.contacts = append(q.contacts, canonicalContactID(id.ValueString()))
		}
		if len(q.contacts) == 0 {
			return q, errors.New("contact_ids is empty: it would summarize no conversation, and an audit over nothing passes")
		}
		slices.Sort(q.contacts)
		q.contacts = slices.Compact(q.contacts)
	}
	if !a.LastMessageAfter.IsNull() {
		after, err := kirimchat.ParseTimestamp(a.LastMessageAfter.ValueString())
		if err != nil {
			return q, fmt.Errorf("last_message_after is %q, %s", a.LastMessageAfter.ValueString(), timestampProblem(a.LastMessageAfter.ValueString()))
		}
		q.lastMessageAfter = &after
	}
	if !a.WaitingLongerThan.IsNull() {
		d, err := waitingBounds.parse(a.WaitingLongerThan.ValueString())
		if err != nil {
			return q, fmt.Errorf("waiting_longer_than %w", err)
		}
		q.waitingLongerThan = d
	}
	q.asOf = now.UTC().Truncate(time.Second).Format(time.RFC3339)
	if !a.AsOf.IsNull() {
		q.asOf = a.AsOf.ValueString()
	}
	asOf, err := kirimchat.ParseTimestamp(q.asOf)
	if err != nil {
		return q, fmt.Errorf("as_of is %q, %s", q.asOf, timestampProblem(q.asOf))
	}
	q.waitingBefore = asOf.Add(-q.waitingLongerThan)
	return q, nil
}

// canonicalContactID is a contact id in upper case after its prefix:
// Crockford base32 is case-insensitive, so two spellings name one contact.
func canonicalContactID(id string) string {
	return "ctc_" + strings.ToUpper(strings.TrimPrefix(id, "ctc_"))
}

// summaryDrains is what the drains of one summary did, together.
type summaryDrains struct {
	pages, duplicatesDropped int
	unrecognized             map[string]int
	// failedContact is the contact whose read failed, when one did.
	failedContact string
}

func (s summaryDrains) unrecognizedValues() []string {
	return kirimchat.ListResult[kirimchat.Conversation]{Unrecognized: s.unrecognized}.UnrecognizedValues()
}

// drain reads every page of every contact's conversations (of all of them,
// without contacts) into tally, all within one rate-limit budget. A
// contact that does not exist does not stop the others: the read fails
// once they are all read, naming every such contact.
func (q summaryQuery) drain(ctx context.Context, client *kirimchat.Client, tally *conversationTally) (summaryDrains, error) {
	ctx = client.OneRead(ctx)
	drained := summaryDrains{unrecognized: map[string]int{}}
	var unknown []*kirimchat.UnknownContactError
	for _, contact := range q.contacts {
		result, err := client.ListConversations(ctx, kirimchat.ListConversationsOptions{
			Status: q.status, ContactID: contact, LastMessageAfter: q.lastMessageAfter,
			EachPage: func(page []kirimchat.Conversation) error { return tally.addPage(page, len(q.contacts) > 1) },
		})
		var noContact *kirimchat.UnknownContactError
		switch {
		case errors.As(err, &noContact):
			unknown = append(unknown, noContact)
			continue
		case err != nil:
			drained.failedContact = contact
			return drained, err
		}
		drained.pages += result.Pages
		drained.duplicatesDropped += result.DuplicatesDropped
		for value, n := range result.Unrecognized {
			drained.unrecognized[value] += n
		}
	}
	return drained, unknownContacts(unknown)
}

// unknownContacts is one error naming every contact that does not exist, or nil.
func unknownContacts(unknown []*kirimchat.UnknownContactError) error {
	errs := make([]error, len(unknown))
	for i, u := range unknown {
		errs[i] = u
	}
	return errors.Join(errs...)
}

// conversationTally is the summary being computed: it sees each
// conversation once, as its page arrives, and keeps counts and the ids
// the results name, never the conversations.
type conversationTally struct {
	waitingBefore                          kirimchat.Timestamp
	count                                  int64
	byStatus, byAssignee, byWhatsAppNumber map[string]int64
	unassigned                             []string
	waiting                                []waitingConversation
	// oldestSince is the last_inbound_at, as written, of the conversation
	// that has waited longest (the first in the API's order among equals);
	// the others' are kept only as instants. oldestAt is its instant.
	oldestSince string
	oldestAt    kirimchat.Timestamp
	// contactOf holds, across the drains of several contacts, each
	// conversation's contact: a drain drops the rows it saw before, but
	// only within itself.
	contactOf map[string]string
}

// waitingConversation is a waiting conversation's id, and since when the
// customer waits: last_inbound_at's instant.
type waitingConversation struct {
	id string
	at kirimchat.Timestamp
}

func newConversationTally(waitingBefore kirimchat.Timestamp) *conversationTally {
	return &conversationTally{
		waitingBefore: waitingBefore,
		byStatus:      map[string]int64{}, byAssignee: map[string]int64{}, byWhatsAppNumber: map[string]int64{},
		unassigned: []string{}, waiting: []waitingConversation{}, contactOf: map[string]string{},
	}
}

// addPage adds a page's conversations; across several drains, a
// conversation listed again fails the read: a conversation has one contact,
// so it cannot answer the filters of two.
func (t *conversationTally) addPage(page []kirimchat.Conversation, severalDrains bool) error {
	for i := range page {
		if severalDrains {
			if err := t.listedOnce(&page[i]); err != nil {
				return err
			}
		}
		if err := t.add(&page[i]); err != nil {
			return err
		}
	}
	return nil
}

func (t *conversationTally) listedOnce(c *kirimchat.Conversation) error {
	contact := ""
	if c.Contact != nil {
		contact = c.Contact.ID
	}
	if before, seen := t.contactOf[c.ID]; seen {
		return fmt.Errorf("conversation %s was listed for contact %s and again for contact %s: a conversation "+
			"has one contact, so the API's answers contradict each other", c.ID, before, contact)
	}
	t.contactOf[c.ID] = contact
	return nil
}

func (t *conversationTally) add(c *kirimchat.Conversation) error {
	t.count++
	t.byStatus[c.Status]++
	if c.Assignee == nil {
		t.unassigned = append(t.unassigned, c.ID)
	} else {
		t.byAssignee[c.Assignee.ID]++
	}
	if c.WhatsAppAccount != nil && c.WhatsAppAccount.PhoneNumber != nil {
		t.byWhatsAppNumber[*c.WhatsAppAccount.PhoneNumber]++
	}
	if c.UnreadCount <= 0 || c.LastInboundAt == nil {
		return nil
	}
	at, err := kirimchat.ParseTimestamp(*c.LastInboundAt)
	if err != nil {
		return fmt.Errorf("conversation %s: last_inbound_at %w", c.ID, err) // the reader checked it; a bug
	}
	if at.Compare(t.waitingBefore) < 0 {
		t.waiting = append(t.waiting, waitingConversation{id: c.ID, at: at})
		if len(t.waiting) == 1 || at.Compare(t.oldestAt) < 0 {
			t.oldestSince, t.oldestAt = *c.LastInboundAt, at
		}
	}
	return nil
}

// into writes the results into the model: the waiting longest first, ties
// in the API's order.
func (t *conversationTally) into(m *conversationSummaryModel) {
	slices.SortStableFunc(t.waiting, func(a, b waitingConversation) int { return a.at.Compare(b.at) })
	m.ConversationCount, m.Count = t.count, t.count
	m.CountByStatus, m.CountByAssignee, m.CountByWhatsAppNumber = t.byStatus, t.byAssignee, t.byWhatsAppNumber
	m.UnassignedCount, m.UnassignedIDs = int64(len(t.unassigned)), stringList(t.unassigned)
	m.WaitingCount = int64(len(t.waiting))
	waiting := make([]string, len(t.waiting))
	for i, w := range t.waiting {
		waiting[i] = w.id
	}
	m.WaitingIDs = stringList(waiting)
	if len(t.waiting) > 0 {
		m.OldestWaitingSince = &t.oldestSince
	}
}

// stringList is ids as a list value, built here rather than by the
// framework's reflection over a []string, which makes an attribute path
// and more values for each element (BenchmarkReadDataSourceRPC/summary:
// 1.27 to 1.19 million allocations a read of 10,000).
func stringList(ids []string) types.List {
	elements := make([]attr.Value, len(ids))
	for i, id := range ids {
		elements[i] = types.StringValue(id)
	}
	return types.ListValueMust(types.StringType, elements)
}

// nonEmptySetValidator refuses an empty contact_ids, saying why: it would
// summarize nothing, and every audit over nothing passes.
type nonEmptySetValidator struct{}

func (nonEmptySetValidator) Description(context.Context) string {
	return "at least one contact id"
}

func (v nonEmptySetValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (nonEmptySetValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || len(req.ConfigValue.Elements()) > 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "No contact to summarize",
		"contact_ids is empty: the summary would read no conversation, and an audit over nothing passes. "+
			"Name at least one contact, or leave contact_ids out to summarize every conversation.")
}
