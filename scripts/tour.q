/ A tour of BorF: run it with `deno task demo`.
/ Each line is typed at the console; the result prints below it, as in q.
/ atoms and vectors
42
2 3 5 7 11
1.5 2.5 3.5
`apple`banana`cherry
"hello"
2026.11.21
2026.11.21D09:30:00.000000000
/ arithmetic is right to left and extends over lists
2*3+4
1 2 3+10
prices:101.5 102.25 99.75 103
prices*1.1
count prices
sum prices
/ functions, projections and iterators
mean:{(sum x)%count x}
mean prices
add:{x+y}
inc:add[1]
inc 1 2 3
+/ 1 2 3 4
+\ 1 2 3 4
{x*x} each 1 2 3
(-':) 1 1 2 3 5 8 13
/ dictionaries and tables
d:`a`b`c!1 2 3
d`b
t:([] sym:`ibm`msft`ibm`goog; px:101 40 102 500; qty:100 200 300 400)
t
select from t where px>100
select sum qty by sym from t
update val:px*qty from t
kt:([sym:`ibm`msft] name:("IBM";"Microsoft"))
kt
/ errors say what went wrong, q-style
1+`a
