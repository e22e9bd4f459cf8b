#!/usr/bin/env bash
# A client of `mnemos serve` in curl: create an agent, file a note in its archival memory, send it a message,
# stream its next reply as Server-Sent Events, search its recall and archival memory, and ask the
# OpenAI-compatible /v1/chat/completions. Needs bash and curl only.
#   examples/serve-client/curl-session.sh [BASE_URL]     (default http://127.0.0.1:8283)
# With MNEMOS_API_KEY set, every request carries it as a bearer key (the server's MNEMOS_API_KEYS).
set -euo pipefail
base=${1:-http://127.0.0.1:8283}
agent=${AGENT:-ada-$(date +%s)}
headers=(-H 'content-type: application/json')
if [ -n "${MNEMOS_API_KEY:-}" ]; then
  headers+=(-H "Authorization: Bearer $MNEMOS_API_KEY")
fi
call() { # METHOD PATH [JSON]: the response body as it arrives; fails on an HTTP error
  curl -sS -N --fail-with-body -X "$1" "${headers[@]}" "$base$2" ${3:+-d "$3"}
}

echo "== create agent $agent"
call POST /api/agents "{\"id\": \"$agent\", \"name\": \"Ada\", \"human\": \"Ada sails a small boat called Heron.\"}"
echo
echo "== file a note in archival memory"
call POST "/api/agents/$agent/archival" '{"texts": ["The Heron has a red sail and a blue hull.", "Quarterly revenue grew by four percent."]}'
echo
echo "== send a message (the reply comes once the step is committed)"
call POST "/api/agents/$agent/messages" '{"text": "Hello, I am Ada."}' | grep -o '"status":"[a-z_]*","messages":\[[^]]*\]'
echo "== stream a reply (Server-Sent Events: one step event per data: line)"
call POST "/api/agents/$agent/messages/stream" '{"text": "Tell me a story about my boat."}' \
  | sed -n 's/^data: *{"type":"\([a-z_]*\)".*/\1/p' | uniq -c
echo "== search recall for 'Ada'"
call GET "/api/agents/$agent/recall?q=Ada&limit=2"
echo
echo "== search archival memory by meaning for 'colour of the sail'"
call GET "/api/agents/$agent/archival?q=colour%20of%20the%20sail&limit=1"
echo
echo "== /v1/chat/completions"
call POST /v1/chat/completions '{"model": "local", "messages": [{"role": "user", "content": "Once upon a time"}], "max_tokens": 16, "temperature": 0}'
echo
