-- A real LSP client test: Neovim's built-in client (0.7 and later; Debian 12
-- ships 0.7.2, so only APIs it has are used) runs `transaudit lsp` on a
-- Markdown article with residue, checks the diagnostics it publishes, asks
-- for code actions on the doubled comma, applies the preferred (safe) fix,
-- checks that an unsafe fix is offered but not preferred, checks the buffer
-- text and that the diagnostic is gone, asks for a hover,
-- then stops the server and checks its exit code.
--
-- Run by tests/lsp/run.sh:
--   TRANSAUDIT_BIN=… LSP_FILE=article.md LSP_RESULT=out.txt \
--     nvim --headless --clean -u tests/lsp/init.lua
-- It writes what it saw to LSP_RESULT, ending with `PASS` or `FAIL: why`,
-- and exits 0 or 1.

local bin = assert(os.getenv('TRANSAUDIT_BIN'), 'TRANSAUDIT_BIN unset')
local file = assert(os.getenv('LSP_FILE'), 'LSP_FILE unset')
local result_path = assert(os.getenv('LSP_RESULT'), 'LSP_RESULT unset')
local TIMEOUT = 20000

local report = {}
local function say(fmt, ...)
  table.insert(report, string.format(fmt, ...))
end

local function finish(ok, why)
  table.insert(report, ok and 'PASS' or ('FAIL: ' .. tostring(why)))
  local f = io.open(result_path, 'w')
  if f then
    f:write(table.concat(report, '\n'), '\n')
    f:close()
  end
  os.exit(ok and 0 or 1)
end

local function codes(diags)
  local out = {}
  for _, d in ipairs(diags) do
    table.insert(out, string.format('%d:%d %s', d.lnum + 1, d.col, tostring(d.code)))
  end
  table.sort(out)
  return out
end

local function find(diags, code)
  for _, d in ipairs(diags) do
    if d.code == code then
      return d
    end
  end
end

local function run()
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  assert(vim.bo[bufnr].filetype == 'markdown', 'filetype is ' .. vim.bo[bufnr].filetype)

  local exit_code
  local client_id = vim.lsp.start_client({
    name = 'transaudit',
    cmd = { bin, 'lsp' },
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    on_exit = function(code)
      exit_code = code
    end,
  })
  assert(client_id, 'vim.lsp.start_client failed')
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  -- 1. Diagnostics on open.
  assert(vim.wait(TIMEOUT, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50), 'no diagnostics within the timeout')
  local diags = vim.diagnostic.get(bufnr)
  say('encoding: %s', client.offset_encoding)
  say('diagnostics: %s', table.concat(codes(diags), ', '))
  assert(#diags == 3, 'expected 3 diagnostics, got ' .. #diags)
  for _, d in ipairs(diags) do
    assert(d.source == 'transaudit', 'source is ' .. tostring(d.source))
  end
  local comma = assert(find(diags, 'punctuation/doubled-comma'), 'no doubled-comma diagnostic')
  local line = vim.api.nvim_buf_get_lines(bufnr, comma.lnum, comma.lnum + 1, false)[1]
  local at = line:find(',,', 1, true)
  -- Positions went through UTF-16 (an emoji and accents before the comma):
  -- Neovim's byte column must land on the `,,`.
  assert(comma.lnum == 2, 'doubled comma on line ' .. (comma.lnum + 1))
  assert(comma.col == at - 1, string.format('column %d, `,,` is at byte %d', comma.col, at - 1))
  assert(comma.end_col == at + 1, 'end column ' .. comma.end_col)
  assert(comma.severity == vim.diagnostic.severity.WARN, 'severity ' .. tostring(comma.severity))
  local chrome = assert(find(diags, 'boilerplate/comment-form'), 'no comment-form diagnostic')
  assert(chrome.lnum == 6 and chrome.severity == vim.diagnostic.severity.ERROR, 'comment form misplaced')
  assert(find(diags, 'unit/imperial'), 'no unit diagnostic')

  -- 2. Hover on the comma explains the rule.
  vim.api.nvim_win_set_cursor(0, { comma.lnum + 1, comma.col })
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover',
    vim.lsp.util.make_position_params(0, client.offset_encoding), TIMEOUT)
  local hover_text = hover and hover[client_id] and hover[client_id].result
    and hover[client_id].result.contents.value or ''
  assert(hover_text:find('punctuation/doubled-comma', 1, true), 'hover: ' .. hover_text)
  assert(hover_text:find('How to fix', 1, true), 'hover has no explanation: ' .. hover_text)
  say('hover: %d characters, names the rule and explains it', #hover_text)

  -- 3. Code actions on the comma; apply the preferred one.
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {} }
  local answers = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, TIMEOUT)
  local actions = answers and answers[client_id] and answers[client_id].result or {}
  local preferred
  for _, a in ipairs(actions) do
    say('action: %s%s', a.title, a.isPreferred and ' (preferred)' or '')
    if a.isPreferred and a.kind == 'quickfix' then
      preferred = a
    end
  end
  assert(preferred, 'no preferred quick fix among ' .. #actions .. ' actions')

  -- The unit conversion is an unsafe fix: offered, never preferred.
  local miles = find(diags, 'unit/imperial')
  vim.api.nvim_win_set_cursor(0, { miles.lnum + 1, miles.col })
  local unit_params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  unit_params.context = { diagnostics = {} }
  local unit_answers = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', unit_params, TIMEOUT)
  local unit_fix
  for _, a in ipairs(unit_answers and unit_answers[client_id] and unit_answers[client_id].result or {}) do
    if a.kind == 'quickfix' then
      unit_fix = a
    end
  end
  assert(unit_fix and not unit_fix.isPreferred, 'the unsafe unit fix must be offered, not preferred')
  say('unsafe action: %s (not preferred)', unit_fix.title)
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
  local fixed = vim.api.nvim_buf_get_lines(bufnr, 2, 3, false)[1]
  say('line 3 after the fix: %s', fixed)
  assert(fixed == 'Le 🚆 train de Lille, Lens et Douaï est parti à l’heure.', 'fix applied wrongly')

  -- 4. The change is linted again: the comma finding goes, the others stay.
  assert(vim.wait(TIMEOUT, function()
    local now = vim.diagnostic.get(bufnr)
    return #now == 2 and not find(now, 'punctuation/doubled-comma')
  end, 50), 'diagnostics after the fix: ' .. table.concat(codes(vim.diagnostic.get(bufnr)), ', '))
  say('after the fix: %s', table.concat(codes(vim.diagnostic.get(bufnr)), ', '))

  -- 5. Shutdown and exit: the server exits 0.
  vim.lsp.stop_client(client_id)
  assert(vim.wait(TIMEOUT, function()
    return exit_code ~= nil
  end, 50), 'the server did not exit')
  say('server exit code: %d', exit_code)
  assert(exit_code == 0, 'server exit code ' .. exit_code)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  nested = true, -- so that `:edit` runs the filetype detection
  callback = function()
    local ok, err = pcall(run)
    finish(ok, err)
  end,
})
