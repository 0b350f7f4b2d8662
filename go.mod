module nianbao

go 1.26.0
