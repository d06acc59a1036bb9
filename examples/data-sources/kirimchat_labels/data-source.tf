data "kirimchat_labels" "all" {}

# Labels grouped by the team that owns them.
output "labels_by_team" {
  value = {
    for team in distinct([for l in data.kirimchat_labels.all.labels : l.team_id]) :
    team => [for l in data.kirimchat_labels.all.labels : l.name if l.team_id == team]
  }
}
