package provider

import (
	"strings"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

// A conversation has one contact: listed for two of contact_ids, the
// answers contradict each other, and the read fails instead of counting it
// twice.
func TestAConversationListedForTwoContactsFailsTheSummary(t *testing.T) {
	conversation := func(contact string) kirimchat.Conversation {
		return kirimchat.Conversation{ID: "cnv_1", Status: "open", Contact: &kirimchat.ConversationContact{ID: contact}}
	}
	tally := newConversationTally(kirimchat.Timestamp{})
	if err := tally.addPage([]kirimchat.Conversation{conversation("ctc_A")}, true); err != nil {
		t.Fatal(err)
	}
	err := tally.addPage([]kirimchat.Conversation{conversation("ctc_B")}, true)
	if err == nil || !strings.Contains(err.Error(), "conversation cnv_1 was listed for contact ctc_A and again for contact ctc_B") {
		t.Fatalf("got %v", err)
	}
	if tally.count != 1 {
		t.Errorf("counted %d times", tally.count)
	}
}
