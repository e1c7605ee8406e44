# The accounting check: HardwareCorrupted against the pages flagged hwpoison.
fresh
rc=$(run_json stat)
check "accounting: 4 kB HardwareCorrupted and one flagged page agree" '.accounting == {"hardware_corrupted_pages":1,"flagged_pages":1,"drift":0,"consistent":true}'
printf 'MemTotal:         262144 kB\nHardwareCorrupted:    12 kB\n' >"$root/proc/meminfo"
rc=$(run_json stat)
check "accounting: a count the flags do not bear out is drift" '.accounting.drift == 2 and .accounting.consistent == false'
printf 'MemTotal:         262144 kB\nHardwareCorrupted:     0 kB\n' >"$root/proc/meminfo"
rc=$(run_json stat)
check "accounting: a flagged page the count misses is negative drift (no scan skipped)" '.accounting.drift == -1'
