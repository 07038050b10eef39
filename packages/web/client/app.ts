/**
 * The only script of the web app, a progressive enhancement: every page works without it.
 * `/` focuses the search box; on the search page, results follow the words as they are typed.
 * Results are the server's own rendering of `/search?…`, read with DOMParser (an inert document:
 * nothing in it runs or loads) and moved into the page node by node; nothing is assigned to innerHTML.
 */

document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return
  const target = event.target as Element | null
  if (target?.closest('input, textarea, select, [contenteditable]')) return
  const box = document.querySelector<HTMLInputElement>('[data-slash]')
  if (!box) return
  event.preventDefault()
  box.focus()
  box.select()
})

const form = document.querySelector<HTMLFormElement>('#search-form')
if (form) searchAsYouType(form)

function searchAsYouType(form: HTMLFormElement): void {
  let timer: number | undefined
  let sequence = 0
  let inFlight: AbortController | undefined

  const addressOf = (): string => {
    const params = new URLSearchParams()
    for (const [key, value] of new FormData(form)) if (typeof value === 'string' && value.trim()) params.append(key, value.trim())
    const query = params.toString()
    return query ? `/search?${query}` : '/search'
  }

  const search = async (): Promise<void> => {
    const mine = ++sequence
    // An answer to an older query is dropped twice over: its request is aborted, and if it
    // arrives anyway it is not the latest.
    inFlight?.abort()
    const controller = new AbortController()
    inFlight = controller
    const address = addressOf()
    history.replaceState(history.state, '', address)
    try {
      const response = await fetch(address, {signal: controller.signal, headers: {accept: 'text/html'}})
      const text = await response.text()
      if (mine !== sequence) return
      const answer = new DOMParser().parseFromString(text, 'text/html')
      const fresh = answer.getElementById('results')
      const results = document.getElementById('results')
      if (!fresh || !results) return
      results.replaceChildren(...[...fresh.childNodes].map((node) => document.adoptNode(node)))
      document.title = answer.title
      const status = document.getElementById('search-status')
      if (status) status.textContent = document.getElementById('search-info')?.textContent ?? ''
    } catch (error) {
      if ((error as Error).name === 'AbortError' || mine !== sequence) return
      const info = document.createElement('p')
      info.className = 'error'
      info.id = 'search-info'
      info.textContent = `The search did not answer: ${(error as Error).message}`
      document.getElementById('results')?.replaceChildren(info)
    }
  }

  form.addEventListener('input', () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => void search(), 200)
  })
}
