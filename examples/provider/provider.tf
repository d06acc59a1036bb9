# The usual setup: nothing in the file, the key in KIRIMCHAT_API_KEY.
provider "kirimchat" {}

# Every setting spelled out. Each one falls back to its KIRIMCHAT_*
# environment variable when left out.
provider "kirimchat" {
  alias = "tuned"

  api_key         = var.kirimchat_api_key
  base_url        = "https://api-kckit.kirim.chat/v1"
  page_size       = 100   # rows per request, 1–100
  max_retries     = 5     # after a 5xx or a network error
  max_retry_wait  = "30s" # a longer Retry-After fails the read at once
  request_timeout = "60s" # per attempt

  # How long one read may wait for the organization's rate limit, in all:
  # many plans share its bucket, and take turns within this time.
  rate_limit_budget = "5m"

  # A fixed pace. Left out, the pace adapts to the API's rate-limit headers.
  requests_per_minute = 300
}

variable "kirimchat_api_key" {
  type      = string
  sensitive = true
}
