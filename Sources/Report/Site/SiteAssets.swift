/// The style sheet and script every page of a site shares (`site.css`, `site.js`): the
/// one-page report's style, with what the site adds (navigation, lists, maps); a script that
/// sorts and filters every `table.sortable`, recolours the maps by group and opens the evidence
/// a link names. Constants of the code, never text from a plan.
extension Site {
    static let style: StaticString = """
    nav.site{display:flex;gap:1.2rem;padding:.4rem 0;border-bottom:1px solid var(--line);margin-bottom:.4rem}
    nav.site b{border-bottom:3px solid #1d232a}
    nav.toc a{margin-right:1em}
    .crumbs{margin:.2rem 0;color:#4a545e}
    .pager{display:flex;justify-content:space-between;margin:.2rem 0}
    h1 small{font-size:.6em;font-weight:normal;color:#5b6570;margin-left:.6em}
    table.list td,table.list th{white-space:nowrap}
    table.list tbody th{text-align:left}
    th.num,td.num,td.pc{text-align:right}
    td.pc{font-variant-numeric:tabular-nums}
    td.pc.q0{background:#ffffcc}td.pc.q1{background:#d9f0a3}td.pc.q2{background:#addd8e}td.pc.q3{background:#78c679;color:#0b2e13}td.pc.q4{background:#31a354;color:#fff}
    td.pc.none,tr.unplanned{color:#8a8a8a}
    td.kana,td.id{color:#5b6570;font-size:.85em}
    table.sortable thead th{cursor:pointer;user-select:none}
    table.sortable thead th[aria-sort=ascending]::after{content:" \\25B2";font-size:.7em}
    table.sortable thead th[aria-sort=descending]::after{content:" \\25BC";font-size:.7em}
    form.tools,form.mapgroup{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center;margin:.4rem 0;padding:.4rem .6rem;background:#f4f6f8;border:1px solid var(--line);border-radius:4px}
    form.tools[hidden],form.mapgroup[hidden]{display:none}
    form.tools input[type=search]{width:16rem}
    dl.names{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem}
    dl.names dt{font-weight:bold;white-space:nowrap}dl.names dd{margin:0}dl.names dd a{margin-right:.15em}
    dl.facts{font-size:1em;margin:.3rem 0}
    table.items{min-width:min(60rem,100%)}
    table.items tbody th{text-align:left;width:45%}
    table.items tbody th a{display:block}
    table.items tr.group-head th{background:#2f3b47;color:#fff;text-align:left;width:auto}
    table.items tr.group-head small{color:#cdd5dd}
    table.items .category{display:inline-block;font-size:.8em;background:#fff;color:#2f3b47;border-radius:3px;padding:0 .4em;margin-right:.6em}
    table.items td.c{text-align:left}
    table.items td.c b{margin-right:.25em}table.items td.c small{font-size:.8em}
    table.items .ev{position:static;width:auto;box-shadow:none;margin-top:.3rem}
    table.items blockquote{margin:0 0 .3rem;padding:.3rem .5rem;background:#f7f7f4;border-left:3px solid #9aa3ab;font-size:1.02em}
    table.items blockquote+p{margin:0;font-size:.85em;color:#4a545e}
    figure.map{margin:.5rem 0}
    figure.map svg{display:block;width:100%;height:auto;background:#eef5fb;border:1px solid var(--line)}
    figure.small svg{max-width:44rem}
    figure.large svg{max-width:110rem}
    svg path{stroke:#fff;stroke-width:.6px;vector-effect:non-scaling-stroke;stroke-linejoin:round}
    figure.large svg path{stroke-width:.25px}
    svg a:hover path,svg a:focus path{stroke:#1d232a;stroke-width:1.5px}
    svg .q0{fill:#ffffcc}svg .q1{fill:#d9f0a3}svg .q2{fill:#addd8e}svg .q3{fill:#78c679}svg .q4{fill:#31a354}svg .none{fill:#c8c8c8}
    svg rect.inset{fill:none;stroke:#7c8791;stroke-width:1px;vector-effect:non-scaling-stroke;stroke-dasharray:4 3}
    svg text.inset-label{font-size:14px;fill:#4a545e}svg text.inset-label.large{font-size:48px}
    ul.scale{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.9em}
    .chip{display:inline-block;width:1.1em;height:.9em;border:1px solid #9aa3ab;margin-right:.3em;vertical-align:middle}
    .chip.q0{background:#ffffcc}.chip.q1{background:#d9f0a3}.chip.q2{background:#addd8e}.chip.q3{background:#78c679}.chip.q4{background:#31a354}.chip.none{background:#c8c8c8}
    ul.scale .what{color:#5b6570}
    .credit{font-size:.8em;color:#5b6570;margin:.2rem 0}
    @media print{nav.site,form.tools,form.mapgroup{display:none!important}}
    """

    static let script: StaticString = """
    (function(){
    "use strict";
    var d=document,each=function(list,f){Array.prototype.forEach.call(list,f);};
    function fold(s){return s.toLowerCase().replace(/[\\u30a1-\\u30f6]/g,function(c){return String.fromCharCode(c.charCodeAt(0)-96);});}
    function key(cell){var v=cell.getAttribute("data-v");if(v!==null&&v!==""&&!isNaN(+v))return +v;return v!==null?v:cell.textContent;}
    each(d.querySelectorAll("table.sortable"),function(table){
      var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      rows.forEach(function(r,n){r.dataset.pos=n;});
      each(table.tHead.rows[0].cells,function(th,column){
        th.tabIndex=0;th.title="クリックで並べ替え";
        function sort(){
          var down=th.getAttribute("aria-sort")==="ascending";
          each(table.tHead.rows[0].cells,function(c){c.removeAttribute("aria-sort");});
          th.setAttribute("aria-sort",down?"descending":"ascending");
          rows.sort(function(a,b){
            var x=key(a.cells[column]),y=key(b.cells[column]),c;
            c=typeof x==="number"&&typeof y==="number"?x-y:String(x).localeCompare(String(y),"ja");
            return (down?-c:c)||a.dataset.pos-b.dataset.pos;
          });
          rows.forEach(function(r){body.appendChild(r);});
        }
        th.addEventListener("click",sort);
        th.addEventListener("keydown",function(e){if(e.key==="Enter")sort();});
      });
    });
    each(d.querySelectorAll("form.tools"),function(form){
      var table=d.getElementById(form.getAttribute("data-table"));if(!table)return;
      form.hidden=false;
      var box=form.querySelector("input.filter"),incomplete=form.querySelector("input.incomplete"),out=form.querySelector("output");
      var rows=Array.prototype.slice.call(table.tBodies[0].rows);
      function apply(){
        var q=fold(box.value.trim()),shown=0;
        rows.forEach(function(r){
          var total=r.cells[r.cells.length-1],v=total?+total.getAttribute("data-v"):0;
          var hit=(!q||fold(r.getAttribute("data-k")||r.textContent).indexOf(q)>=0)&&(!incomplete.checked||(v>=0&&v<100));
          r.hidden=!hit;if(hit)shown++;
        });
        out.textContent=shown+" / "+rows.length+" 行";
      }
      box.addEventListener("input",apply);incomplete.addEventListener("change",apply);
      form.addEventListener("submit",function(e){e.preventDefault();});
      apply();
    });
    each(d.querySelectorAll("figure.map"),function(fig){
      var form=fig.querySelector("form.mapgroup");if(!form)return;
      form.hidden=false;
      var select=form.querySelector("select"),paths=fig.querySelectorAll("path[data-c]");
      select.addEventListener("change",function(){
        var g=+select.value;
        each(paths,function(p){p.setAttribute("class","q"+p.getAttribute("data-c").charAt(g));});
      });
    });
    function openEvidence(){
      var id=decodeURIComponent(location.hash.slice(1)),target=id?d.getElementById(id):null;
      if(!target||target.tagName!=="DETAILS")return;
      target.open=true;target.scrollIntoView({block:"center"});
    }
    openEvidence();
    window.addEventListener("hashchange",openEvidence);
    })();
    """
}
