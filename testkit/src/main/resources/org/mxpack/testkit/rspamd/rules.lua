-- mxpack test rules: a token in the Subject forces each rspamd action, so tests are deterministic.
-- Thresholds (rspamd.conf): greylist 4, add header 6, rewrite subject 9, reject 15.

local function subject_has(task, token)
  local s = task:get_subject() or ''
  return s:find(token, 1, true) ~= nil
end

rspamd_config.MXPACK_TEST_REJECT = {
  callback = function(task) return subject_has(task, 'MXPACK-TEST-REJECT') end,
  score = 100.0,
  description = 'mxpack test: force reject',
  group = 'mxpack_test',
}

rspamd_config.MXPACK_TEST_SUBJECT = {
  callback = function(task) return subject_has(task, 'MXPACK-TEST-SUBJECT') end,
  score = 10.0,
  description = 'mxpack test: force rewrite subject',
  group = 'mxpack_test',
}

-- add header, plus milter header edits in each of rspamd's three add_headers forms
rspamd_config.MXPACK_TEST_HEADER = {
  callback = function(task)
    if not subject_has(task, 'MXPACK-TEST-HEADER') then return false end
    task:set_milter_reply({
      add_headers = {
        ['X-MXPACK-Test'] = 'header-action',
        ['X-MXPACK-Ordered'] = {value = 'first', order = 1},
        ['X-MXPACK-Multi'] = {{value = 'one', order = 0}, {value = 'two', order = 0}},
      },
      remove_headers = {['X-Remove-Me'] = 0, ['X-Remove-Second'] = 2},
    })
    return true, 'tok1', 'tok2'
  end,
  score = 7.0,
  description = 'mxpack test: force add header',
  group = 'mxpack_test',
}

rspamd_config.MXPACK_TEST_GREYLIST = {
  callback = function(task) return subject_has(task, 'MXPACK-TEST-GREYLIST') end,
  score = 4.5,
  description = 'mxpack test: force greylist',
  group = 'mxpack_test',
}

-- soft reject is not a score threshold: a pre-result forces it, with an SMTP message
rspamd_config.MXPACK_TEST_SOFT = {
  callback = function(task)
    if not subject_has(task, 'MXPACK-TEST-SOFT') then return false end
    task:set_pre_result('soft reject', 'MXPACK test says try again later', 'mxpack_test')
    return true
  end,
  score = 0.5,
  description = 'mxpack test: force soft reject',
  group = 'mxpack_test',
}

-- echoes what rspamd received of the envelope as symbol options
rspamd_config.MXPACK_TEST_ENVELOPE = {
  callback = function(task)
    if not subject_has(task, 'MXPACK-TEST-ENVELOPE') then return false end
    local opts = {}
    local from = task:get_from('smtp')
    table.insert(opts, 'from=' .. ((from and from[1] and from[1].addr) or ''))
    for _, r in ipairs(task:get_recipients('smtp') or {}) do
      table.insert(opts, 'rcpt=' .. r.addr)
    end
    table.insert(opts, 'helo=' .. (task:get_helo() or ''))
    table.insert(opts, 'hostname=' .. (task:get_hostname() or ''))
    table.insert(opts, 'ip=' .. tostring(task:get_from_ip() or ''))
    table.insert(opts, 'user=' .. (task:get_user() or ''))
    table.insert(opts, 'qid=' .. (task:get_queue_id() or ''))
    return true, 0.0, opts
  end,
  score = 0.0,
  description = 'mxpack test: echo the envelope',
  group = 'mxpack_test',
}
