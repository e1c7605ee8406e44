# soft-offline --dry-run: the physical address for sysfs.
fresh
run_json soft-offline --addr 0x3000 --dry-run >/dev/null
check "soft-offline dry run writes the physical address to sysfs" '.pages[0].write == "0x3000" and .pages[0].file == "/sys/devices/system/memory/soft_offline_page"'
