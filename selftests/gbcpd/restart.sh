#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Restarts and conflicts (RFC 8157 5.6.15, spec digest A.13):
# * a second HG with the same CIN asks for setup from another address
#   while the first lives: the HAAP verifies the existing LTE tunnel
#   (Notify 35), the first HG answers, the newcomer is denied with error
#   code 8 and the session stays;
# * the HG daemon dies (SIGKILL) and starts again at the same addresses:
#   the HAAP's verification gets no answer after 3 tries, the old session
#   ends and the new request is set up cleanly; traffic flows;
# * the HAAP daemon dies (SIGKILL) and starts again: it deletes the bond
#   its predecessor left, the HG finds both tunnels dead and sets up from
#   scratch after reconnect-ms with a new session.
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require

ktap_header 14
gd_bonded hg "reconnect-ms 1000"
id0=$(gd_session hg 's["session_id"]')

# --- a conflicting setup while the HG lives
DUP4=203.0.113.5
nsx "$NS_HG" ip addr add "$DUP4/32" dev lte0
nsx "$NS_HAAP" ip route add "$DUP4/32" dev lte0
cat > "$GD_DIR/dup.conf" <<EOC
state-dir $GD_DIR/dup
hg hab1
	cin "$GD_CIN"
	haap-address $HAAP_LTE4
	lte-local $DUP4
	lte-dev lte0
	dsl-local $HG_DSL4
	dsl-dev dsl0
	dsl-sync-rate 20000
	hello-interval-ms $GD_HELLO_MS
	setup-retry-ms 500
	on-deny exit
EOC
ip netns exec "$NS_HG" "$GBCPD" -f -v -v -c "$GD_DIR/dup.conf" \
	>"$GD_DIR/dup.log" 2>&1 &
dup=$!
ha_wait 15 bash -c "! kill -0 $dup 2>/dev/null"
wait "$dup"
rc=$?
ktap_check "a second HG with the same CIN is denied (exit 3)" test "$rc" = 3
ktap_check "with error code 8 (session exists)" \
	grep -q 'Setup Denied: error code 8' "$GD_DIR/dup.log"
ktap_check "after a Tunnel Verification the first HG answered" \
	bash -c "grep -q 'conflicts with session $id0: Tunnel Verification' $GD_HAAP_LOG &&
		 grep -q 'Tunnel Verification on lte: answering' $GD_HG_LOG &&
		 grep -q 'Tunnel Verification answered: session $id0 lives' $GD_HAAP_LOG"
ktap_check "the first session is still up with the same Session ID" \
	test "$(gd_session hg 's["session_id"]')" = "$id0" -a \
	     "$(gd_session haap 's["session_id"]')" = "$id0"
if [ "$ktap_failed" -gt 0 ]; then
	sed 's/^/# dup: /' "$GD_DIR/dup.log" | grep -v 'hello(4)' | tail -n 30
fi

# --- the HG dies and comes back at the same addresses
mark=$(wc -l < "$GD_HAAP_LOG")
kill -9 "$GD_HG_PID"
wait "$GD_HG_PID" 2>/dev/null
mv "$GD_HG_LOG" "$GD_HG_LOG.old"
gd_start_hg
ktap_check "the restarted HG's request starts a Tunnel Verification" \
	ha_wait 10 bash -c "tail -n +$((mark + 1)) $GD_HAAP_LOG | grep -q 'conflicts with session $id0: Tunnel Verification'"
ktap_check "3 verifications without answer end the old session" \
	ha_wait 10 grep -q "no answer to 3 Tunnel Verifications: session $id0 is dead" \
		"$GD_HAAP_LOG"
n35=$(tail -n +$((mark + 1)) "$GD_HAAP_LOG" |
	grep -c 'send on lte: notify(6).*tunnel-verification')
ktap_check "exactly 3 Notify 35 went to the dead HG (1 + 2 retries)" \
	test "$n35" -eq 3
ktap_check "a clean new setup, bonding up" ha_wait 30 gd_up
id1=$(gd_session hg 's["session_id"]')
ktap_diag "HG restart: session $id0 -> $id1"
ktap_check "a new Session ID, not denied, traffic flows" \
	bash -c "[ '$id0' != '$id1' ] && ! grep -q 'Setup Denied' $GD_HG_LOG && ip netns exec $NS_CLI ping -c 3 -i 0.2 -W 2 -q $SRV4 >/dev/null"

# --- the HAAP dies and comes back
kill -9 "$GD_HAAP_PID"
wait "$GD_HAAP_PID" 2>/dev/null
mv "$GD_HAAP_LOG" "$GD_HAAP_LOG.old"
gd_start_haap
ktap_check "the new HAAP deleted its predecessor's bond" \
	grep -q 'hab0: left over from an earlier run' "$GD_HAAP_LOG"
ktap_check "the HG saw both tunnels fail and set up again" \
	ha_wait 20 grep -q 'both tunnels failed' "$GD_HG_LOG"
ktap_check "a new session is up" ha_wait 30 gd_up
id2=$(gd_session hg 's["session_id"]')
ktap_diag "HAAP restart: session $id1 -> $id2"
ktap_check "with a new Session ID, and traffic flows" \
	bash -c "[ '$id1' != '$id2' ] && ip netns exec $NS_CLI ping -c 3 -i 0.2 -W 2 -q $SRV4 >/dev/null"
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
