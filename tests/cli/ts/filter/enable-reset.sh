# filter enable and reset write the kernel's values.
fresh
d=$root/sys/kernel/debug/hwpoison
echo 7 >"$d/corrupt-filter-dev-major"
rc=$(run_json filter enable)
ok $rc "filter enable: exit 0"
ok $([ "$(cat "$d/corrupt-filter-enable")" = 1 ] && echo 0 || echo 1) "filter enable writes 1"
check "filter enable shows the values" '.filter.enabled == true and .filter.dev_major == 7'
rc=$(run_json filter reset)
ok $rc "filter reset: exit 0"
ok $([ "$(cat "$d/corrupt-filter-dev-major")" = 4294967295 ] && [ "$(cat "$d/corrupt-filter-enable")" = 0 ] && echo 0 || echo 1) \
	"filter reset restores 4294967295 and disables"
