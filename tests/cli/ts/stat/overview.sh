# stat without a list: every field of the overview, in JSON and for people.
fresh
rc=$(run_json stat)
ok $rc "stat exits 0"
check "stat: hardware_corrupted_kb from meminfo" '.hardware_corrupted_kb == 4'
check "stat: poisoned lists the hwpoison page, source other" '.poisoned == [{"pfn": 11, "source": "other", "flags": ["hwpoison"]}]'
check "stat: node statistics" '.nodes == [{"node":0,"total":1,"ignored":0,"failed":0,"delayed":0,"recovered":1}]'
check "stat: module" '.module == {"name":"hwpoison_inject","loaded":true}'
check "stat: filter defaults" '.filter.enabled == false and .filter.dev_major == 4294967295 and .filter.dev_minor == 4294967295 and .filter.memcg == 0'
check "stat: kernel and support" '.kernel == "6.12.0-fixture" and .memory_failure == true'
check "stat: sysctls" '.sysctl == {"memory_failure_recovery":1,"memory_failure_early_kill":0,"enable_soft_offline":1,"panic_on_unrecoverable_memory_failure":null}'
check "stat: debugfs from mountinfo" '.debugfs == "/sys/kernel/debug"'
check "stat: the machine-check side" '.machine_check == {"architecture":true,"vendor":"GenuineIntel","action_optional":true,"mce_inject":"loaded","cec":{"present":true,"threshold":2,"decay_interval":86400},"exceptions":0,"unpoison_disabled":false}'
"$H" stat >"$root.out" 2>&1
grep -q '^hardware corrupted (kB): *4$' "$root.out"
ok $? "stat: human output has HardwareCorrupted"
grep -q '^filter: *off$' "$root.out"
ok $? "stat: human filter state in one line"
# Values for scripts, words for people.
rm -rf "$root/sys/kernel/debug/mce-inject"
mkdir -p "$root/lib/modules/6.12.0-fixture"
echo 'kernel/arch/x86/kernel/cpu/mce/mce-inject.ko:' >"$root/lib/modules/6.12.0-fixture/modules.dep"
rc=$(run_json stat)
check "stat: mce-inject installed is a value, not prose" '.machine_check.mce_inject == "installed"'
"$H" stat >"$root.out" 2>&1
grep -q '^  mce-inject: *installed (hwpoison loads it)$' "$root.out"
ok $? "stat: and people read that hwpoison loads it"
: >"$root/proc/self/mountinfo"
rc=$(run_json stat)
check "stat: debugfs not mounted is null" '.debugfs == null'
"$H" stat >"$root.out" 2>&1
grep -q '^debugfs: *not mounted (hwpoison mounts it when needed)$' "$root.out"
ok $? "stat: and people read that hwpoison mounts it when needed"
