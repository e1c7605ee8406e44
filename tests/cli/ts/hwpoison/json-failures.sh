# --json failures are JSON too: the same words as stderr, and the exit code.
fresh
for args in "inject --pfn zz" "bogus" "inject --pfn 2 --method x" "stat --pfn 64" "filter set --memcg 4000000001" "inject --errors 3 --pfn 2"; do
	read -r -a argv <<<"$args"
	"$H" --json "${argv[@]}" >"$root.json" 2>"$root.err"
	rc=$?
	msg=$(sed 's/^hwpoison[a-z -]*: //' "$root.err")
	jq -e --arg m "$msg" --argjson rc "$rc" '.error == $m and .exit == $rc' "$root.json" >/dev/null
	ok $? "--json $args: a JSON document with the error and exit $rc"
done
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "--json failures: nothing written"
