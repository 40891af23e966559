hinge-scn 2 62
scn 0 1 3000 218 clean-chain
dom 0 10 10 2 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 1 1 0 0 0 c
script 0 2
step 1 -1 0 1000
step 0 1 0 0
script 1 2
step 2 -1 0 2
step 3 -1 0 42
script 2 2
step 0 0 0 0
step 0 0 0 0
scn 1 37 3000 181 close-call
dom 0 10 10 0 1 0 A
dom 1 5 5 0 -1 0 B
dom 2 10 10 0 2 0 C
door 0 1 2 0 0 0 0 b
script 0 1
step 3 -1 0 7
script 1 2
step 5 0 0 0
step 0 0 0 0
script 2 2
step 2 -1 0 10
step 0 0 0 0
scn 2 65 3000 148 dead-server
dom 0 5 5 0 2 0 A
dom 1 10 10 0 1 0 B
door 0 1 2 0 0 0 0 b
script 0 1
step 3 -1 0 1
script 1 1
step 6 -1 0 3
script 2 2
step 2 -1 0 20
step 0 0 0 0
scn 3 91 3000 1429 deep-crash-01
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 17 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 4 191 3000 1429 deep-crash-02
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 17 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 5 291 3000 1429 deep-crash-03
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 17 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 6 391 3000 1429 deep-crash-04
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 17 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 7 491 3000 1429 deep-crash-05
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 17 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 8 591 3000 1429 deep-crash-06
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 17 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 9 691 3000 1429 deep-crash-07
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 17 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 10 791 3000 1429 deep-crash-08
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 17 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 11 891 3000 1429 deep-crash-09
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 17 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 12 991 3000 1429 deep-crash-10
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 17 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 13 1091 3000 1429 deep-crash-11
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 17 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 14 1191 3000 1429 deep-crash-12
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 17 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 15 1291 3000 1429 deep-crash-13
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 17 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 16 1391 3000 1429 deep-crash-14
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 17 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 17 1491 3000 1429 deep-crash-15
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 17 0 D15
dom 16 5 5 0 -1 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 18 1590 3000 1429 deep-crash-16
dom 0 10 10 0 16 0 D0
dom 1 5 5 0 -1 0 D1
dom 2 5 5 0 -1 0 D2
dom 3 5 5 0 -1 0 D3
dom 4 5 5 0 -1 0 D4
dom 5 5 5 0 -1 0 D5
dom 6 5 5 0 -1 0 D6
dom 7 5 5 0 -1 0 D7
dom 8 5 5 0 -1 0 D8
dom 9 5 5 0 -1 0 D9
dom 10 5 5 0 -1 0 D10
dom 11 5 5 0 -1 0 D11
dom 12 5 5 0 -1 0 D12
dom 13 5 5 0 -1 0 D13
dom 14 5 5 0 -1 0 D14
dom 15 5 5 0 -1 0 D15
dom 16 5 5 0 17 0 D16
door 0 1 2 0 0 0 0 d1
door 1 2 2 1 0 0 0 d2
door 2 3 2 2 0 0 0 d3
door 3 4 2 3 0 0 0 d4
door 4 5 2 4 0 0 0 d5
door 5 6 2 5 0 0 0 d6
door 6 7 2 6 0 0 0 d7
door 7 8 2 7 0 0 0 d8
door 8 9 2 8 0 0 0 d9
door 9 10 2 9 0 0 0 d10
door 10 11 2 10 0 0 0 d11
door 11 12 2 11 0 0 0 d12
door 12 13 2 12 0 0 0 d13
door 13 14 2 13 0 0 0 d14
door 14 15 2 14 0 0 0 d15
door 15 16 2 15 0 0 0 d16
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 0 3 0 0
step 3 -1 0 3
script 3 2
step 0 4 0 0
step 3 -1 0 4
script 4 2
step 0 5 0 0
step 3 -1 0 5
script 5 2
step 0 6 0 0
step 3 -1 0 6
script 6 2
step 0 7 0 0
step 3 -1 0 7
script 7 2
step 0 8 0 0
step 3 -1 0 8
script 8 2
step 0 9 0 0
step 3 -1 0 9
script 9 2
step 0 10 0 0
step 3 -1 0 10
script 10 2
step 0 11 0 0
step 3 -1 0 11
script 11 2
step 0 12 0 0
step 3 -1 0 12
script 12 2
step 0 13 0 0
step 3 -1 0 13
script 13 2
step 0 14 0 0
step 3 -1 0 14
script 14 2
step 0 15 0 0
step 3 -1 0 15
script 15 2
step 2 -1 0 50
step 3 -1 0 16
script 16 1
step 0 0 0 0
script 17 2
step 2 -1 0 20
step 6 -1 0 0
scn 19 1692 3000 247 depth-limit
dom 0 10 10 0 4 0 A
dom 1 5 5 0 -1 0 S
door 0 1 8 0 0 0 0 a1
door 1 1 8 1 0 0 0 a2
door 2 1 8 2 0 0 0 a3
door 3 1 8 3 0 0 0 a4
script 0 1
step 0 1 0 0
script 1 1
step 0 2 0 0
script 2 1
step 0 3 0 0
script 3 1
step 0 0 0 0
script 4 1
step 0 0 0 0
scn 20 1724 3000 242 exhaustion
dom 0 10 10 0 1 0 A
dom 1 5 5 0 -1 0 B
dom 2 10 10 0 2 0 C
dom 3 10 10 0 3 0 D
door 0 1 1 0 0 0 0 b
script 0 2
step 2 -1 0 50
step 3 -1 0 3
script 1 1
step 0 0 0 0
script 2 2
step 2 -1 0 10
step 0 0 1 0
script 3 2
step 2 -1 0 10
step 0 0 0 0
scn 21 1755 3000 981 handles-full
dom 0 10 10 0 1 0 A
dom 1 5 5 0 -1 0 P
dom 2 5 5 0 -1 0 Q
dom 3 5 5 0 -1 0 R
dom 4 5 5 0 -1 0 T
door 0 1 1 0 1 0 0 p1
door 1 1 1 -1 0 0 0 p2
door 2 1 1 -1 0 0 0 p3
door 3 1 1 -1 0 0 0 p4
door 4 1 1 -1 0 0 0 p5
door 5 1 1 -1 0 0 0 p6
door 6 1 1 -1 0 0 0 p7
door 7 1 1 -1 0 0 0 p8
door 8 2 1 -1 0 0 0 q1
door 9 2 1 -1 0 0 0 q2
door 10 2 1 -1 0 0 0 q3
door 11 2 1 -1 0 0 0 q4
door 12 2 1 -1 0 0 0 q5
door 13 2 1 -1 0 0 0 q6
door 14 2 1 -1 0 0 0 q7
door 15 2 1 -1 0 0 0 q8
door 16 3 1 -1 0 0 0 r1
door 17 3 1 -1 0 0 0 r2
door 18 3 1 -1 0 0 0 r3
door 19 3 1 -1 0 0 0 r4
door 20 3 1 -1 0 0 0 r5
door 21 3 1 -1 0 0 0 r6
door 22 3 1 -1 0 0 0 r7
door 23 3 1 -1 0 0 0 r8
door 24 4 1 -1 0 0 0 t1
door 25 4 1 -1 0 0 0 t2
door 26 4 1 -1 0 0 0 t3
door 27 4 1 -1 0 0 0 t4
door 28 4 1 -1 0 0 0 t5
door 29 4 1 -1 0 0 0 t6
door 30 4 1 -1 0 0 0 t7
door 31 4 1 -1 0 0 0 t8
script 0 1
step 3 -1 0 11
script 1 7
step 0 0 0 0
step 9 0 0 0
step 0 0 0 0
step 5 1 0 0
step 9 0 0 0
step 0 0 0 0
step 0 1 0 0
scn 22 1820 3000 321 handoff-modes
dom 0 10 10 0 2 0 M
dom 1 20 20 0 3 0 H1
dom 2 20 20 0 4 0 H2
dom 3 2 2 0 -1 0 S
door 0 3 1 0 0 2 2 f
door 1 3 1 1 0 4 2 p
script 0 2
step 1 -1 0 5000000
step 3 -1 0 1
script 1 2
step 1 -1 0 5000000
step 3 -1 0 2
script 2 1
step 1 -1 0 20000000
script 3 2
step 2 -1 0 1
step 0 0 0 0
script 4 2
step 2 -1 0 1
step 0 1 0 0
scn 23 1858 3000 249 inject-after
dom 0 5 5 0 1 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 2 0 X
door 0 1 2 0 0 0 0 b
script 0 2
step 1 -1 0 20000000
step 3 -1 0 1
script 1 2
step 0 0 0 0
step 0 0 0 0
script 2 1
step 2 -1 0 500
inj 1872 1 1 -1 1 1 2 5000000
inj 1873 1 2 -1 4 -1 0 100000000
scn 24 1889 3000 158 inject-close
dom 0 5 5 0 1 0 A
dom 1 5 5 0 -1 0 B
door 0 1 2 0 0 0 0 b
script 0 1
step 3 -1 0 5
script 1 3
step 0 0 0 0
step 2 -1 0 5
step 0 0 0 0
inj 1901 3 0 0 2 1 1 -1
scn 25 1920 3000 268 inject-revoke
dom 0 5 5 0 1 0 A
dom 1 5 5 0 -1 0 B
dom 2 20 20 0 2 0 C
door 0 1 1 0 0 0 0 b
script 0 2
step 2 -1 0 30
step 3 -1 0 7
script 1 2
step 0 0 0 0
step 0 0 0 0
script 2 3
step 2 -1 0 5
step 0 0 0 0
step 2 -1 0 100
inj 1934 2 -1 0 1 1 1 8000000
inj 1935 1 2 -1 5 0 0 300000
scn 26 1955 3000 295 inversion-mutex
dom 0 5 5 0 1 0 L
dom 1 10 10 0 2 0 M
dom 2 20 20 0 3 0 H
dom 3 1 1 0 -1 0 S
door 0 3 2 0 0 0 0 s
mutex 0 3 1 m
script 0 4
step 10 -1 0 0
step 1 -1 0 5000000
step 11 -1 0 0
step 3 -1 0 1
script 1 1
step 0 0 0 0
script 2 2
step 2 -1 0 1
step 1 -1 0 20000000
script 3 2
step 2 -1 0 1
step 0 0 0 0
scn 27 1989 3000 251 inversion-nopi
dom 0 5 5 0 1 0 L
dom 1 10 10 0 2 0 M
dom 2 20 20 0 3 0 H
dom 3 1 1 0 -1 0 S
door 0 3 1 0 0 1 0 x
script 0 2
step 1 -1 0 5000000
step 3 -1 0 1
script 1 1
step 0 0 0 0
script 2 2
step 2 -1 0 1
step 1 -1 0 20000000
script 3 2
step 2 -1 0 1
step 0 0 0 0
scn 28 2019 1000 154 kill-sleeper
dom 0 10 10 0 1 0 A
dom 1 5 5 0 -1 0 B
door 0 1 2 0 0 0 0 b
script 0 2
step 2 -1 0 2000
step 3 -1 0 1
script 1 1
step 0 0 0 0
inj 2031 1 1 -1 3 -1 200 -1
scn 29 2043 3000 189 killed-caller
dom 0 10 10 0 1 0 A
dom 1 5 5 0 -1 0 B
door 0 1 2 0 0 0 0 b
door 1 1 2 -1 0 0 0 b2
script 0 2
step 1 -1 0 100000
step 3 -1 0 7
script 1 2
step 0 0 0 0
step 0 1 0 0
inj 2055 1 0 -1 1 1 1 -1
scn 30 2069 3000 173 leaf-ebreak
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 1
step 0 1 0 0
script 1 1
step 6 -1 0 5
script 2 1
step 0 0 0 0
scn 31 2100 3000 173 leaf-exec
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 1
step 0 1 0 0
script 1 1
step 6 -1 0 2
script 2 1
step 0 0 0 0
scn 32 2130 3000 173 leaf-exit
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 1
step 0 1 0 0
script 1 1
step 7 -1 0 7
script 2 1
step 0 0 0 0
scn 33 2154 3000 173 leaf-fault
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 1
step 0 1 0 0
script 1 1
step 6 -1 0 0
script 2 1
step 0 0 0 0
scn 34 2178 3000 173 leaf-illegal
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 1
step 0 1 0 0
script 1 1
step 6 -1 0 3
script 2 1
step 0 0 0 0
scn 35 2209 3000 173 leaf-load
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 1
step 0 1 0 0
script 1 1
step 6 -1 0 0
script 2 1
step 0 0 0 0
scn 36 2241 3000 173 leaf-misaligned
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 1
step 0 1 0 0
script 1 1
step 6 -1 0 4
script 2 1
step 0 0 0 0
scn 37 2272 3000 173 leaf-store
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 1
step 0 1 0 0
script 1 1
step 6 -1 0 1
script 2 1
step 0 0 0 0
scn 38 2303 3000 309 middle-kill
dom 0 10 10 0 3 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
dom 3 5 5 0 -1 0 D
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
door 2 3 2 2 0 0 0 d
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 3
step 1 -1 0 100000
step 0 2 0 0
step 3 -1 0 5
script 2 1
step 3 -1 0 7
script 3 1
step 0 0 0 0
inj 2321 1 1 -1 1 2 1 -1
scn 39 2341 3000 282 mutex-ownerdead
dom 0 5 5 0 2 0 A
dom 1 5 5 0 3 0 B
dom 2 5 5 0 -1 0 S
door 0 2 2 0 0 0 0 s
door 1 2 2 1 0 0 0 t
mutex 0 2 0 m
script 0 2
step 10 -1 0 0
step 3 -1 0 1
script 1 3
step 10 -1 0 0
step 11 -1 0 0
step 3 -1 0 2
script 2 2
step 0 0 0 0
step 2 -1 0 5
script 3 2
step 2 -1 0 2
step 0 1 0 0
scn 40 2370 3000 226 origin-kill
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 2
step 0 1 0 0
step 3 -1 0 3
script 1 2
step 2 -1 0 3
step 3 -1 0 5
script 2 1
step 0 0 0 0
inj 2385 1 0 -1 1 2 1 -1
scn 41 2404 3000 333 orphan-abandon
dom 0 10 10 0 3 0 A
dom 1 10 10 0 -1 0 B
dom 2 5 5 0 -1 0 C
dom 3 8 8 0 2 0 X
dom 4 3 3 0 4 0 Y
door 0 1 2 0 0 0 0 b
door 1 2 1 1 0 0 0 c
script 0 1
step 0 1 0 0
script 1 2
step 2 -1 0 30
step 3 -1 0 7
script 2 1
step 0 1 0 0
script 3 2
step 2 -1 0 5
step 0 0 0 0
script 4 2
step 2 -1 0 10
step 0 1 0 0
inj 2423 1 0 -1 1 1 1 2000000
scn 42 2447 3000 262 orphan-handed
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 8 8 0 1 0 X
dom 3 3 3 0 3 0 Y
door 0 1 1 0 0 0 0 b
script 0 2
step 2 -1 0 20
step 3 -1 0 7
script 1 1
step 0 0 0 0
script 2 2
step 2 -1 0 5
step 0 0 0 0
script 3 2
step 2 -1 0 10
step 0 0 0 0
inj 2463 1 0 -1 2 1 1 -1
scn 43 2483 3000 334 orphan-kill
dom 0 10 10 0 3 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
dom 3 5 5 0 -1 0 D
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
door 2 3 2 2 0 0 0 d
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 3
script 2 2
step 1 -1 0 100000
step 3 -1 0 7
script 3 1
step 0 0 0 0
inj 2501 1 1 -1 1 3 1 -1
inj 2502 1 2 -1 2 3 1 -1
scn 44 2521 3000 304 orphan-nowait
dom 0 10 10 0 3 0 A
dom 1 10 10 0 -1 0 B
dom 2 5 5 0 -1 0 C
dom 3 8 8 0 2 0 X
door 0 1 2 0 0 0 0 b
door 1 2 1 1 0 0 0 c
script 0 3
step 2 -1 0 10
step 0 1 1 0
step 0 1 0 0
script 1 2
step 2 -1 0 40
step 3 -1 0 7
script 2 1
step 0 1 0 0
script 3 2
step 2 -1 0 5
step 0 0 0 0
inj 2538 1 0 -1 1 1 1 2000000
scn 45 2561 3000 975 pool-acts
dom 0 3 3 0 -1 1 S
dom 1 10 10 0 1 0 A
dom 2 5 5 0 -1 2 P
dom 3 5 5 0 -1 0 Q
dom 4 5 5 0 -1 0 R
dom 5 5 5 0 -1 0 T
door 0 2 8 0 0 0 0 p1
door 1 2 8 -1 1 0 0 p2
door 2 2 8 -1 0 0 0 p3
door 3 2 8 -1 0 0 0 p4
door 4 2 8 -1 0 0 0 p5
door 5 2 8 -1 0 0 0 p6
door 6 2 8 -1 0 0 0 p7
door 7 2 8 -1 0 0 0 p8
door 8 3 8 -1 0 0 0 q1
door 9 3 8 -1 0 0 0 q2
door 10 3 8 -1 0 0 0 q3
door 11 3 8 -1 0 0 0 q4
door 12 3 8 -1 0 0 0 q5
door 13 3 8 -1 0 0 0 q6
door 14 3 8 -1 0 0 0 q7
door 15 3 8 -1 0 0 0 q8
door 16 4 8 -1 0 0 0 r1
door 17 4 8 -1 0 0 0 r2
door 18 4 8 -1 0 0 0 r3
door 19 4 8 -1 0 0 0 r4
door 20 4 8 -1 0 0 0 r5
door 21 4 8 -1 0 0 0 r6
door 22 4 8 -1 0 0 0 r7
door 23 4 8 -1 0 0 0 r8
door 24 5 8 -1 0 0 0 t1
door 25 5 8 -1 0 0 0 t2
door 26 5 8 -1 0 0 0 t3
door 27 5 8 -1 0 0 0 t4
door 28 5 8 -1 0 0 0 t5
door 29 5 8 -1 0 0 0 t6
door 30 5 8 -1 0 0 0 t7
door 31 5 8 -1 0 0 0 t8
script 0 1
step 6 -1 0 0
script 1 5
step 0 0 0 0
step 2 -1 0 20
step 0 1 0 0
step 9 1 0 0
step 0 1 0 0
scn 46 2628 3000 778 pool-domains
dom 0 3 3 0 -1 1 S
dom 1 10 10 0 1 0 A
dom 2 5 5 0 -1 2 X
dom 3 5 5 0 -1 0 F1
dom 4 5 5 0 -1 0 F2
dom 5 5 5 0 -1 0 F3
dom 6 5 5 0 -1 0 F4
dom 7 5 5 0 -1 0 F5
dom 8 5 5 0 -1 0 F6
dom 9 5 5 0 -1 0 F7
dom 10 5 5 0 -1 0 F8
dom 11 5 5 0 -1 0 F9
dom 12 5 5 0 -1 0 F10
dom 13 5 5 0 -1 0 F11
dom 14 5 5 0 -1 0 F12
dom 15 5 5 0 -1 0 F13
dom 16 5 5 0 -1 0 F14
dom 17 5 5 0 -1 0 F15
dom 18 5 5 0 -1 0 F16
dom 19 5 5 0 -1 0 F17
dom 20 5 5 0 -1 0 F18
dom 21 5 5 0 -1 0 F19
dom 22 5 5 0 -1 0 F20
dom 23 5 5 0 -1 0 F21
dom 24 5 5 0 -1 0 F22
dom 25 5 5 0 -1 0 F23
dom 26 5 5 0 -1 0 F24
dom 27 5 5 0 -1 0 F25
dom 28 5 5 0 -1 0 F26
dom 29 5 5 0 -1 0 F27
dom 30 5 5 0 -1 0 F28
dom 31 5 5 0 -1 0 F29
door 0 2 2 0 0 0 0 x
script 0 1
step 6 -1 0 0
script 1 3
step 0 0 0 0
step 2 -1 0 10
step 0 0 0 0
scn 47 2689 3000 563 pool-threads
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
dom 3 5 5 8 3 0 F1
dom 4 5 5 8 4 0 F2
dom 5 5 5 8 5 0 F3
dom 6 5 5 8 6 0 F4
dom 7 5 5 8 7 0 F5
dom 8 5 5 8 8 0 F6
dom 9 5 5 6 9 0 F7
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 2 -1 0 20
step 3 -1 0 5
script 2 2
step 2 -1 0 5
step 0 0 0 0
script 3 1
step 2 -1 0 100
script 4 1
step 2 -1 0 100
script 5 1
step 2 -1 0 100
script 6 1
step 2 -1 0 100
script 7 1
step 2 -1 0 100
script 8 1
step 2 -1 0 100
script 9 1
step 2 -1 0 100
inj 2718 1 1 -1 1 2 1 -1
scn 48 2735 3000 229 reenter-crash
dom 0 10 10 0 3 0 A
dom 1 5 5 0 -1 0 B
door 0 0 2 1 0 0 0 a
door 1 1 2 0 0 0 0 b1
door 2 1 2 2 0 0 0 b2
script 0 2
step 0 0 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 1
step 6 -1 0 0
script 3 1
step 0 1 0 0
scn 49 2769 3000 274 reenter-split
dom 0 10 10 0 3 0 A
dom 1 5 5 0 -1 0 B
door 0 0 2 1 0 0 0 a
door 1 1 2 0 0 0 0 b1
door 2 1 2 2 0 0 0 b2
script 0 2
step 0 0 0 0
step 3 -1 0 1
script 1 2
step 0 2 0 0
step 3 -1 0 2
script 2 2
step 2 -1 0 30
step 3 -1 0 3
script 3 1
step 0 1 0 0
inj 2785 1 0 -1 1 1 2 1000000
scn 50 2803 3000 258 restart-stale
dom 0 3 3 0 -1 1 S
dom 1 10 10 0 2 0 A
dom 2 5 5 0 -1 2 X
door 0 2 2 0 1 0 0 x
door 1 2 2 1 0 0 0 crash
script 0 1
step 3 -1 0 5
script 1 1
step 6 -1 0 0
script 2 7
step 0 0 0 0
step 0 1 0 0
step 0 0 0 0
step 2 -1 0 20
step 0 0 0 0
step 9 0 0 0
step 0 0 0 0
scn 51 2839 3000 230 return-kill
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 2
step 0 1 0 0
step 3 -1 0 1
script 1 2
step 1 -1 0 10000
step 3 -1 0 5
script 2 1
step 0 0 0 0
inj 2854 1 1 -1 2 2 1 -1
scn 52 2862 3000 254 revoke-close
dom 0 5 5 0 -1 0 S
dom 1 10 10 0 1 0 A
dom 2 12 12 0 2 0 B
door 0 0 1 0 0 0 0 s
script 0 2
step 1 -1 0 5000000
step 3 -1 0 5
script 1 2
step 0 0 0 0
step 0 0 0 0
script 2 2
step 2 -1 0 1
step 0 0 0 0
inj 2876 2 -1 0 1 0 1 2000000
inj 2877 3 1 0 5 0 0 -1
scn 53 2893 3000 237 revoke-inflight
dom 0 10 10 0 1 0 A
dom 1 5 5 0 2 0 B
dom 2 10 10 0 3 0 C
door 0 1 2 0 0 0 0 b
script 0 2
step 2 -1 0 50
step 3 -1 0 7
script 1 1
step 0 0 0 0
script 2 3
step 2 -1 0 10
step 4 0 0 0
step 2 -1 0 100
script 3 2
step 2 -1 0 30
step 0 0 0 0
scn 54 2923 3000 234 revoke-waiter
dom 0 5 5 0 1 0 A
dom 1 5 5 0 2 0 B
dom 2 20 20 0 3 0 C
door 0 1 1 0 0 0 0 b
script 0 2
step 2 -1 0 50
step 3 -1 0 7
script 1 1
step 0 0 0 0
script 2 3
step 2 -1 0 20
step 4 0 0 0
step 2 -1 0 100
script 3 2
step 2 -1 0 5
step 0 0 0 0
scn 55 2953 1000 183 sendback-orphan
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
door 0 0 2 1 0 0 0 a
door 1 1 2 0 0 0 0 b
script 0 3
step 0 0 0 0
step 2 -1 0 20
step 3 -1 0 3
script 1 1
step 6 -1 0 0
script 2 1
step 0 1 0 0
scn 56 2979 3000 794 slot-reuse
dom 0 3 3 0 -1 1 S
dom 1 10 10 0 1 0 A
dom 2 5 5 0 -1 2 X
dom 3 5 5 0 -1 0 F1
dom 4 5 5 0 -1 0 F2
dom 5 5 5 0 -1 0 F3
dom 6 5 5 0 -1 0 F4
dom 7 5 5 0 -1 0 F5
dom 8 5 5 0 -1 0 F6
dom 9 5 5 0 -1 0 F7
dom 10 5 5 0 -1 0 F8
dom 11 5 5 0 -1 0 F9
dom 12 5 5 0 -1 0 F10
dom 13 5 5 0 -1 0 F11
dom 14 5 5 0 -1 0 F12
dom 15 5 5 0 -1 0 F13
dom 16 5 5 0 -1 0 F14
dom 17 5 5 0 -1 0 F15
dom 18 5 5 0 -1 0 F16
dom 19 5 5 0 -1 0 F17
dom 20 5 5 0 -1 0 F18
dom 21 5 5 0 -1 0 F19
dom 22 5 5 0 -1 0 F20
dom 23 5 5 0 -1 0 F21
dom 24 5 5 0 -1 0 F22
dom 25 5 5 0 -1 0 F23
dom 26 5 5 0 -1 0 F24
dom 27 5 5 0 -1 0 F25
dom 28 5 5 0 -1 0 F26
dom 29 5 5 0 -1 0 F27
dom 30 5 5 0 -1 0 F28
dom 31 5 5 0 -1 0 F29
door 0 2 2 0 0 0 0 x
script 0 1
step 6 -1 0 0
script 1 4
step 2 -1 0 100
step 0 0 0 0
step 2 -1 0 10
step 0 0 0 0
scn 57 3040 3000 276 supervisor-dies
dom 0 3 3 0 2 1 S
dom 1 5 5 0 3 0 A
dom 2 5 5 0 -1 2 B
dom 3 5 5 0 -1 2 C
door 0 2 2 0 0 0 0 b
door 1 3 2 1 0 0 0 c
script 0 1
step 6 -1 0 0
script 1 1
step 6 -1 0 3
script 2 1
step 2 -1 0 100
script 3 3
step 0 0 0 0
step 2 -1 0 30
step 0 1 0 0
inj 3057 1 0 -1 1 2 1 10000000
scn 58 3083 3000 510 supervisor-told
dom 0 20 20 0 -1 1 S
dom 1 10 10 0 5 0 A
dom 2 5 5 0 -1 0 B
dom 3 5 5 0 -1 0 C
dom 4 5 5 0 -1 0 D
dom 5 5 5 0 6 2 E
dom 6 5 5 0 -1 2 F
dom 7 5 5 0 -1 2 G
door 0 2 2 0 0 0 0 b
door 1 3 2 1 0 0 0 c
door 2 4 2 2 0 0 0 d
door 3 6 2 3 0 0 0 f
door 4 7 2 4 0 0 0 g
script 0 1
step 7 -1 0 3
script 1 1
step 6 -1 0 1
script 2 1
step 3 -1 0 1
script 3 1
step 3 -1 0 6
script 4 1
step 7 -1 0 7
script 5 5
step 0 0 0 0
step 0 1 0 0
step 0 2 0 0
step 0 3 0 0
step 0 4 0 0
script 6 1
step 6 -1 0 3
inj 3110 1 4 -1 1 4 1 -1
scn 59 3142 3000 212 unwind-inject
dom 0 10 10 0 2 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
script 0 2
step 0 1 0 0
step 3 -1 0 7
script 1 1
step 6 -1 0 0
script 2 1
step 0 0 0 0
inj 3157 1 1 -1 6 2 1 -1
scn 60 3176 3000 354 unwind-kill
dom 0 10 10 0 4 0 A
dom 1 5 5 0 -1 0 B
dom 2 5 5 0 -1 0 C
dom 3 5 5 0 -1 0 D
dom 4 5 5 0 -1 0 E
door 0 1 2 0 0 0 0 b
door 1 2 2 1 0 0 0 c
door 2 3 2 2 0 0 0 d
door 3 4 2 3 0 0 0 e
script 0 2
step 0 1 0 0
step 3 -1 0 9
script 1 2
step 0 2 0 0
step 3 -1 0 3
script 2 1
step 0 3 0 0
script 3 1
step 6 -1 0 0
script 4 1
step 0 0 0 0
inj 3197 1 2 -1 2 3 1 -1
scn 61 3216 1000 213 waiter-dead
dom 0 10 10 0 1 0 A
dom 1 5 5 0 -1 0 B
dom 2 10 10 0 2 0 C
door 0 1 1 0 0 0 0 b
script 0 2
step 2 -1 0 2000
step 3 -1 0 1
script 1 1
step 0 0 0 0
script 2 2
step 2 -1 0 20
step 0 0 0 0
inj 3230 1 1 -1 3 -1 200 -1
